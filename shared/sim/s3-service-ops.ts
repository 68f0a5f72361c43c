import { createHash } from 'node:crypto';
import { isActionDenied } from './denied.js';
import { S3_NAMESPACE } from './s3-config-xml.js';
import { s3AccessDenied, s3Xml } from './s3-response.js';
import type { SimRequest, SimResponse } from './sim-http.js';
import { callerAccount, type SimState } from './state.js';
import { escapeXml } from './xml.js';

/** A year before the world's `now`: the world format has no creation dates, and buckets predate any scenario. */
const BUCKET_AGE_MS = 365 * 24 * 60 * 60 * 1000;

/**
 * ListBuckets lists the caller's own buckets only, as S3 does: the monitor's account, or the
 * account a `SIMULATED<account>` access key names.
 */
export function listBuckets(state: SimState, request: SimRequest): SimResponse {
  if (isActionDenied(state.world, 's3:ListAllMyBuckets')) {
    return s3AccessDenied(state, request, 's3:ListAllMyBuckets', 'arn:aws:s3:::*');
  }
  const account = callerAccount(state, request);
  const prefix = request.query.prefix ?? '';
  const region = request.query['bucket-region'];
  const created = new Date(state.now.getTime() - BUCKET_AGE_MS).toISOString();
  const buckets = state.world.buckets
    .filter((bucket) => bucket.account === account && bucket.name.startsWith(prefix))
    .filter((bucket) => region === undefined || bucket.region === region)
    .sort((left, right) => (left.name < right.name ? -1 : 1))
    .map(
      (bucket) =>
        `<Bucket><Name>${escapeXml(bucket.name)}</Name><CreationDate>${created}</CreationDate>` +
        `<BucketRegion>${bucket.region}</BucketRegion></Bucket>`,
    )
    .join('');
  const owner = createHash('sha256').update(account).digest('hex');
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<ListAllMyBucketsResult xmlns="${S3_NAMESPACE}">` +
    `<Owner><ID>${owner}</ID></Owner><Buckets>${buckets}</Buckets>` +
    `${prefix === '' ? '' : `<Prefix>${escapeXml(prefix)}</Prefix>`}</ListAllMyBucketsResult>`;
  return s3Xml(state, body);
}
