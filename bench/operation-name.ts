import { s3Target } from '../shared/sim/s3.js';
import type { SimRequest } from '../shared/sim/sim-http.js';

/** SigV4 signing names → the service names AWS documents. */
const SERVICES: Record<string, string> = {
  s3: 'S3',
  monitoring: 'CloudWatch',
  iam: 'IAM',
  kms: 'KMS',
  sts: 'STS',
  sns: 'SNS',
  events: 'EventBridge',
};

/** S3 bucket subresources (query parameters) → the operation a GET or PUT of them is. */
const BUCKET_SUBRESOURCES: Record<string, string> = {
  location: 'BucketLocation',
  replication: 'BucketReplication',
  versioning: 'BucketVersioning',
  'object-lock': 'ObjectLockConfiguration',
  requestPayment: 'BucketRequestPayment',
  encryption: 'BucketEncryption',
  policy: 'BucketPolicy',
  notification: 'BucketNotificationConfiguration',
};

/** `Service.Operation` of a request the simulator answers, e.g. `S3.HeadObject`, `CloudWatch.GetMetricData`. */
export function operationName(request: SimRequest): string {
  const service = SERVICES[request.service] ?? request.service;
  return `${service}.${request.service === 's3' ? s3Operation(request) : apiOperation(request)}`;
}

/** JSON protocols name it in X-Amz-Target; query protocols (IAM, STS, SNS) in the Action field. */
function apiOperation(request: SimRequest): string {
  const target = request.headers['x-amz-target'];
  if (target !== undefined) return target.split('.').pop() ?? target;
  return (
    new URLSearchParams(request.body).get('Action') ?? new URLSearchParams(request.query).get('Action') ?? '?'
  );
}

/** S3 is REST: the operation is the method on a bucket, a subresource or a key. */
function s3Operation(request: SimRequest): string {
  const { bucket, key } = s3Target(request);
  const { method, query } = request;
  if (bucket === undefined) return 'ListBuckets';
  if (key !== undefined) {
    if (method === 'HEAD') return 'HeadObject';
    return query.tagging !== undefined ? 'GetObjectTagging' : `${capitalised(method)}Object`;
  }
  if (query['list-type'] === '2') return 'ListObjectsV2';
  if (query.versions !== undefined) return 'ListObjectVersions';
  const subresource = Object.keys(query).find((name) => BUCKET_SUBRESOURCES[name] !== undefined);
  if (subresource !== undefined) return `${capitalised(method)}${BUCKET_SUBRESOURCES[subresource]}`;
  return method === 'HEAD' ? 'HeadBucket' : `${capitalised(method)}Bucket`;
}

function capitalised(method: string): string {
  return method.charAt(0) + method.slice(1).toLowerCase();
}
