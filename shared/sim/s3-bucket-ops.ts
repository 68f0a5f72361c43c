import { replicationConfigurationSchema } from './replication-schema.js';
import { S3_NAMESPACE, s3DocumentXml, s3XmlDocument } from './s3-config-xml.js';
import { s3Error, s3Headers, s3Xml } from './s3-response.js';
import type { SimRequest, SimResponse } from './sim-http.js';
import type { SimState } from './state.js';
import type { WorldBucket } from './world-schema.js';

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** GETs of a bucket's configuration subresources, and HeadBucket. */
export function s3BucketConfiguration(
  state: SimState,
  request: SimRequest,
  bucket: WorldBucket,
): SimResponse {
  const query = request.query;
  if (request.method === 'HEAD') {
    return {
      statusCode: 200,
      headers: s3Headers(state, {
        'x-amz-bucket-region': bucket.region,
        'x-amz-access-point-alias': 'false',
      }),
    };
  }
  if (query.location !== undefined) {
    // S3 reports us-east-1 as an empty LocationConstraint, a quirk kept from its first Region.
    const region = bucket.region === 'us-east-1' ? '' : bucket.region;
    return s3Xml(
      state,
      `${XML_HEAD}<LocationConstraint xmlns="${S3_NAMESPACE}">${region}</LocationConstraint>`,
    );
  }
  if (query.versioning !== undefined) {
    const status = bucket.versioning === undefined ? '' : `<Status>${bucket.versioning}</Status>`;
    return s3Xml(
      state,
      `${XML_HEAD}<VersioningConfiguration xmlns="${S3_NAMESPACE}">${status}</VersioningConfiguration>`,
    );
  }
  if (query.replication !== undefined) {
    if (bucket.replication === undefined) {
      return s3Error(
        state,
        request,
        404,
        'ReplicationConfigurationNotFoundError',
        'The replication configuration was not found',
        {
          details: { BucketName: bucket.name },
        },
      );
    }
    return s3Xml(state, s3DocumentXml('ReplicationConfiguration', bucket.replication));
  }
  if (query['object-lock'] !== undefined) {
    if (!bucket.objectLock) {
      return s3Error(
        state,
        request,
        404,
        'ObjectLockConfigurationNotFoundError',
        'Object Lock configuration does not exist for this bucket',
        { details: { BucketName: bucket.name } },
      );
    }
    return s3Xml(state, s3DocumentXml('ObjectLockConfiguration', { ObjectLockEnabled: 'Enabled' }));
  }
  if (query.ownershipControls !== undefined) {
    if (bucket.objectOwnership === undefined) {
      return s3Error(
        state,
        request,
        404,
        'OwnershipControlsNotFoundError',
        'The bucket ownership controls were not found',
        { details: { BucketName: bucket.name } },
      );
    }
    return s3Xml(
      state,
      s3DocumentXml('OwnershipControls', { Rules: [{ ObjectOwnership: bucket.objectOwnership }] }),
    );
  }
  if (query.requestPayment !== undefined) {
    const payer = bucket.requesterPays ? 'Requester' : 'BucketOwner';
    return s3Xml(state, s3DocumentXml('RequestPaymentConfiguration', { Payer: payer }));
  }
  if (query.encryption !== undefined) {
    // Since January 2023 every bucket has at least SSE-S3, so S3 answers a default rule, never an error.
    const rule = bucket.encryption ?? { SSEAlgorithm: 'AES256' };
    const { BucketKeyEnabled, BlockedEncryptionTypes, ...byDefault } = rule;
    return s3Xml(
      state,
      s3DocumentXml('ServerSideEncryptionConfiguration', {
        Rules: [
          {
            ApplyServerSideEncryptionByDefault: byDefault,
            BucketKeyEnabled: BucketKeyEnabled ?? false,
            ...(BlockedEncryptionTypes === undefined ? {} : { BlockedEncryptionTypes }),
          },
        ],
      }),
    );
  }
  if (query.policy !== undefined) {
    if (bucket.policy === undefined) {
      return s3Error(state, request, 404, 'NoSuchBucketPolicy', 'The bucket policy does not exist', {
        details: { BucketName: bucket.name },
      });
    }
    // GetBucketPolicy answers the policy JSON itself, not XML.
    return {
      statusCode: 200,
      headers: s3Headers(state, { 'content-type': 'application/json' }),
      body: JSON.stringify(bucket.policy),
    };
  }
  if (query.notification !== undefined) {
    return s3Xml(state, s3DocumentXml('NotificationConfiguration', bucket.notifications ?? {}));
  }
  return s3Error(state, request, 501, 'NotImplemented', 'The simulator does not answer this bucket request');
}

/** PutBucketReplication and PutBucketNotificationConfiguration: the whole document is replaced, in memory only. */
export function s3BucketWrite(state: SimState, request: SimRequest, bucket: WorldBucket): SimResponse {
  let document: Record<string, unknown>;
  try {
    document = s3XmlDocument(request.body);
  } catch (error) {
    return s3Error(
      state,
      request,
      400,
      'MalformedXML',
      `The XML you provided was not well-formed: ${String(error)}`,
    );
  }
  if (request.query.replication !== undefined) {
    if (bucket.versioning !== 'Enabled') {
      return s3Error(
        state,
        request,
        400,
        'InvalidRequest',
        "Versioning must be 'Enabled' on the bucket to apply a replication configuration",
      );
    }
    const parsed = replicationConfigurationSchema.safeParse(document);
    if (!parsed.success) {
      return s3Error(
        state,
        request,
        400,
        'MalformedXML',
        `Invalid replication configuration: ${parsed.error.message}`,
      );
    }
    bucket.replication = parsed.data;
    recordWrite(state, request, bucket, 'PutBucketReplication', parsed.data);
    return { statusCode: 200, headers: s3Headers(state) };
  }
  if (request.query.notification !== undefined) {
    bucket.notifications = document;
    recordWrite(state, request, bucket, 'PutBucketNotificationConfiguration', document);
    return { statusCode: 200, headers: s3Headers(state) };
  }
  return s3Error(state, request, 501, 'NotImplemented', 'The simulator does not answer this bucket write');
}

function recordWrite(
  state: SimState,
  request: SimRequest,
  bucket: WorldBucket,
  operation: 'PutBucketReplication' | 'PutBucketNotificationConfiguration',
  document: unknown,
): void {
  state.writes.push({ service: 's3', operation, bucket: bucket.name, region: request.region, document });
}
