import { isDenied } from './denied.js';
import { S3_NAMESPACE } from './s3-config-xml.js';
import { etagOf } from './s3-listing.js';
import { type BucketObjects, findKey } from './s3-objects.js';
import { s3AccessDenied, s3Error, s3Headers, s3Xml } from './s3-response.js';
import type { SimRequest, SimResponse } from './sim-http.js';
import { type SimState, stableHex } from './state.js';
import type { WorldBucket, WorldObject } from './world-schema.js';
import { escapeXml } from './xml.js';

type Lookup = { object: WorldObject } | { response: SimResponse };

/**
 * Finds the version a GET/HEAD addresses, answering as S3 does when there is none: 404, or 403
 * when the caller may not list the bucket (S3 hides whether the key exists); a delete marker
 * answers 404 when current and 405 when addressed by version id, with `x-amz-delete-marker`.
 */
function lookupVersion(
  state: SimState,
  request: SimRequest,
  bucket: WorldBucket,
  objects: BucketObjects,
  key: string,
): Lookup {
  const versionId = request.query.versionId;
  const entry = findKey(objects, key);
  const version =
    versionId === undefined
      ? entry?.versions[0]
      : entry?.versions.find((candidate) => candidate.versionId === versionId);
  if (version === undefined) {
    const bucketArn = `arn:aws:s3:::${bucket.name}`;
    if (isDenied(state.world, 's3:ListBucket', bucketArn)) {
      return { response: s3AccessDenied(state, request, 's3:ListBucket', bucketArn) };
    }
    const [code, message] =
      versionId === undefined
        ? ['NoSuchKey', 'The specified key does not exist.']
        : ['NoSuchVersion', 'The specified version does not exist.'];
    return { response: s3Error(state, request, 404, code, message, { details: { Key: key } }) };
  }
  if (!version.deleteMarker) return { object: version };
  const headers = { 'x-amz-delete-marker': 'true', 'x-amz-version-id': version.versionId };
  if (versionId === undefined) {
    return {
      response: s3Error(state, request, 404, 'NoSuchKey', 'The specified key does not exist.', { headers }),
    };
  }
  return {
    response: s3Error(
      state,
      request,
      405,
      'MethodNotAllowed',
      'The specified method is not allowed against this resource.',
      {
        headers: {
          ...headers,
          allow: 'DELETE',
          'last-modified': new Date(version.lastModified).toUTCString(),
        },
        details: { Method: request.method, ResourceType: 'DeleteMarker' },
      },
    ),
  };
}

function objectAccessDenied(
  state: SimState,
  request: SimRequest,
  bucket: WorldBucket,
  key: string,
  actions: readonly [string, string],
): SimResponse | undefined {
  const resource = `arn:aws:s3:::${bucket.name}/${key}`;
  const needed = request.query.versionId === undefined ? [actions[0]] : actions;
  const refused = needed.find((action) => isDenied(state.world, action, resource));
  return refused === undefined ? undefined : s3AccessDenied(state, request, refused, resource);
}

export function headObject(
  state: SimState,
  request: SimRequest,
  bucket: WorldBucket,
  objects: BucketObjects,
  key: string,
): SimResponse {
  const denied = objectAccessDenied(state, request, bucket, key, ['s3:GetObject', 's3:GetObjectVersion']);
  if (denied !== undefined) return denied;
  const found = lookupVersion(state, request, bucket, objects, key);
  if ('response' in found) return found.response;
  const object = found.object;
  // S3 answers a HEAD of an SSE-C object without the customer's key 400 Bad Request (no body).
  if (object.sse === 'SSE-C') return s3Error(state, request, 400, 'BadRequest', 'Bad Request');
  const headers: Record<string, string> = {
    'last-modified': new Date(object.lastModified).toUTCString(),
    'content-length': String(object.size),
    etag: etagOf(object),
    'content-type': 'application/octet-stream',
    'accept-ranges': 'bytes',
    'x-amz-server-side-encryption': object.sse,
  };
  if (objects.versioned) headers['x-amz-version-id'] = object.versionId;
  if (object.replicationStatus !== undefined) headers['x-amz-replication-status'] = object.replicationStatus;
  if (object.sse !== 'AES256') {
    headers['x-amz-server-side-encryption-aws-kms-key-id'] = objectKmsKey(bucket, object);
    if (bucket.encryption?.BucketKeyEnabled === true) {
      headers['x-amz-server-side-encryption-bucket-key-enabled'] = 'true';
    }
  }
  const tagCount = Object.keys(object.tags).length;
  if (tagCount > 0) headers['x-amz-tagging-count'] = String(tagCount);
  // S3 omits the storage class header for STANDARD objects.
  if (object.storageClass !== 'STANDARD') headers['x-amz-storage-class'] = object.storageClass;
  return { statusCode: 200, headers: s3Headers(state, headers) };
}

/** An SSE-KMS object written without an explicit key used the bucket default, else the AWS managed aws/s3 key. */
function objectKmsKey(bucket: WorldBucket, object: WorldObject): string {
  if (object.kmsKeyId !== undefined) return object.kmsKeyId;
  if (bucket.encryption?.KMSMasterKeyID !== undefined) return bucket.encryption.KMSMasterKeyID;
  const id = stableHex(`aws/s3:${bucket.account}:${bucket.region}`, 32);
  const uuid = `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`;
  return `arn:aws:kms:${bucket.region}:${bucket.account}:key/${uuid}`;
}

export function getObjectTagging(
  state: SimState,
  request: SimRequest,
  bucket: WorldBucket,
  objects: BucketObjects,
  key: string,
): SimResponse {
  const denied = objectAccessDenied(state, request, bucket, key, [
    's3:GetObjectTagging',
    's3:GetObjectVersionTagging',
  ]);
  if (denied !== undefined) return denied;
  const found = lookupVersion(state, request, bucket, objects, key);
  if ('response' in found) return found.response;
  const tags = Object.entries(found.object.tags)
    .map(([name, value]) => `<Tag><Key>${escapeXml(name)}</Key><Value>${escapeXml(value)}</Value></Tag>`)
    .join('');
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Tagging xmlns="${S3_NAMESPACE}"><TagSet>${tags}</TagSet></Tagging>`;
  const headers: Record<string, string> = objects.versioned
    ? { 'x-amz-version-id': found.object.versionId }
    : {};
  return s3Xml(state, body, headers);
}
