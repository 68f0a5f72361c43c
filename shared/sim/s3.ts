import { isDenied } from './denied.js';
import { s3BucketConfiguration, s3BucketWrite } from './s3-bucket-ops.js';
import { listObjectsV2, listObjectVersions } from './s3-list-ops.js';
import { getObjectTagging, headObject } from './s3-object-ops.js';
import { type BucketObjects, indexBucketObjects } from './s3-objects.js';
import { noSuchBucket, s3AccessDenied, s3Error } from './s3-response.js';
import { listBuckets } from './s3-service-ops.js';
import type { SimRequest, SimResponse } from './sim-http.js';
import type { SimState } from './state.js';
import type { WorldBucket } from './world-schema.js';

/** The IAM action each S3 operation needs, on the bucket ARN or (for object operations) the object ARN. */
const BUCKET_ACTIONS: Record<string, string> = {
  location: 's3:GetBucketLocation',
  replication: 's3:GetReplicationConfiguration',
  versioning: 's3:GetBucketVersioning',
  'object-lock': 's3:GetBucketObjectLockConfiguration',
  requestPayment: 's3:GetBucketRequestPayment',
  ownershipControls: 's3:GetBucketOwnershipControls',
  encryption: 's3:GetEncryptionConfiguration',
  policy: 's3:GetBucketPolicy',
  notification: 's3:GetBucketNotification',
  versions: 's3:ListBucketVersions',
};
const WRITE_ACTIONS: Record<string, string> = {
  replication: 's3:PutReplicationConfiguration',
  notification: 's3:PutBucketNotification',
};

export interface S3Target {
  bucket?: string;
  key?: string;
}

/** Virtual-hosted (`bucket.s3.region.amazonaws.com/key`) or path style (`/bucket/key`, used for IP endpoints and dotted names). */
export function s3Target(request: SimRequest): S3Target {
  const virtual = /^(.+)\.s3[.-]([a-z0-9-]+\.)?amazonaws\.com$/.exec(request.hostname);
  const segments = request.path.split('/').slice(1);
  const decode = (text: string) => decodeURIComponent(text);
  if (virtual?.[1] !== undefined) {
    const key = segments.map(decode).join('/');
    return { bucket: virtual[1], ...(key === '' ? {} : { key }) };
  }
  const [bucket, ...rest] = segments;
  const key = rest.map(decode).join('/');
  return { ...(bucket ? { bucket: decode(bucket) } : {}), ...(key === '' ? {} : { key }) };
}

export function handleS3(state: SimState, request: SimRequest): SimResponse {
  const target = s3Target(request);
  if (target.bucket === undefined) {
    if (request.method === 'GET') return listBuckets(state, request);
    return s3Error(
      state,
      request,
      405,
      'MethodNotAllowed',
      'The specified method is not allowed against this resource.',
    );
  }
  const action = requiredAction(request, target);
  const resource = `arn:aws:s3:::${target.bucket}${target.key === undefined ? '' : `/${target.key}`}`;
  // Object operations check their actions themselves: one call can need two (GetObject + GetObjectVersion).
  if (target.key === undefined && isDenied(state.world, action, resource)) {
    return s3AccessDenied(state, request, action, resource);
  }
  const bucket = state.world.buckets.find((candidate) => candidate.name === target.bucket);
  if (bucket === undefined) return noSuchBucket(state, request, target.bucket);
  if (target.key !== undefined) return objectOperation(state, request, bucket, target.key);
  if (request.method === 'PUT') return s3BucketWrite(state, request, bucket);
  if (request.method === 'GET' && request.query.versions !== undefined) {
    return listObjectVersions(state, request, bucket, objectsOf(state, bucket));
  }
  if (request.method === 'GET' && request.query['list-type'] === '2') {
    return listObjectsV2(state, request, bucket, objectsOf(state, bucket));
  }
  return s3BucketConfiguration(state, request, bucket);
}

/** The IAM action an S3 request needs: on objects, the version and tagging variants too. */
export function requiredAction(request: SimRequest, target: S3Target = s3Target(request)): string {
  if (target.key !== undefined) return objectAction(request);
  const subresource = Object.keys(request.query).find((name) => BUCKET_ACTIONS[name] !== undefined);
  if (request.method === 'PUT') return WRITE_ACTIONS[subresource ?? ''] ?? 's3:PutBucket';
  // HeadBucket and ListObjectsV2 both need s3:ListBucket.
  return BUCKET_ACTIONS[subresource ?? ''] ?? 's3:ListBucket';
}

function objectAction(request: SimRequest): string {
  const version = request.query.versionId === undefined ? '' : 'Version';
  if (request.query.tagging !== undefined) return `s3:GetObject${version}Tagging`;
  return version === '' ? 's3:GetObject' : 's3:GetObjectVersion';
}

function objectOperation(
  state: SimState,
  request: SimRequest,
  bucket: WorldBucket,
  key: string,
): SimResponse {
  const objects = objectsOf(state, bucket);
  if (request.method === 'HEAD') return headObject(state, request, bucket, objects, key);
  if (request.method === 'GET' && request.query.tagging !== undefined) {
    return getObjectTagging(state, request, bucket, objects, key);
  }
  return s3Error(
    state,
    request,
    501,
    'NotImplemented',
    `The simulator does not answer ${request.method} on objects`,
  );
}

function objectsOf(state: SimState, bucket: WorldBucket): BucketObjects {
  let objects = state.bucketObjects.get(bucket.name);
  if (objects === undefined) {
    objects = indexBucketObjects(bucket, state.now);
    state.bucketObjects.set(bucket.name, objects);
  }
  return objects;
}
