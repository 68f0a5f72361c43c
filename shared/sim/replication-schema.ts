import { z } from 'zod';

/**
 * GetBucketReplication's ReplicationConfiguration (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ReplicationConfiguration.html), strict so a misspelt element
 * is refused. The same schema checks what PutBucketReplication sends to the simulator.
 */

const status = z.enum(['Enabled', 'Disabled']);
const tag = z.strictObject({ Key: z.string(), Value: z.string() });

const filterSchema = z.strictObject({
  Prefix: z.string().optional(),
  Tag: tag.optional(),
  And: z.strictObject({ Prefix: z.string().optional(), Tags: z.array(tag).optional() }).optional(),
});

const destinationSchema = z.strictObject({
  Bucket: z
    .string()
    .regex(/^arn:aws:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a bucket ARN (arn:aws:s3:::name)'),
  Account: z
    .string()
    .regex(/^\d{12}$/)
    .optional(),
  StorageClass: z.string().optional(),
  AccessControlTranslation: z.strictObject({ Owner: z.literal('Destination') }).optional(),
  EncryptionConfiguration: z.strictObject({ ReplicaKmsKeyID: z.string().optional() }).optional(),
  ReplicationTime: z
    .strictObject({ Status: status, Time: z.strictObject({ Minutes: z.number().int() }).optional() })
    .optional(),
  Metrics: z
    .strictObject({
      Status: status,
      EventThreshold: z.strictObject({ Minutes: z.number().int() }).optional(),
    })
    .optional(),
});

const ruleSchema = z.strictObject({
  ID: z.string().max(255).optional(),
  Priority: z.number().int().optional(),
  Prefix: z.string().optional(),
  Filter: filterSchema.optional(),
  Status: status,
  SourceSelectionCriteria: z
    .strictObject({
      SseKmsEncryptedObjects: z.strictObject({ Status: status }).optional(),
      ReplicaModifications: z.strictObject({ Status: status }).optional(),
    })
    .optional(),
  ExistingObjectReplication: z.strictObject({ Status: status }).optional(),
  Destination: destinationSchema,
  DeleteMarkerReplication: z.strictObject({ Status: status }).optional(),
});

export const replicationConfigurationSchema = z.strictObject({
  Role: z.string().min(1),
  Rules: z.array(ruleSchema).min(1).max(1000),
});

export type ReplicationConfiguration = z.output<typeof replicationConfigurationSchema>;
