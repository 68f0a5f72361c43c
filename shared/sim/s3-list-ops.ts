import {
  commonPrefixXml,
  contentsXml,
  isListed,
  type ListParameters,
  listItems,
  listParameters,
  listRoot,
  markerPosition,
  ownerXml,
  resumeAfter,
  versionXml,
} from './s3-listing.js';
import type { BucketObjects } from './s3-objects.js';
import { s3Error, s3Xml } from './s3-response.js';
import type { SimRequest, SimResponse } from './sim-http.js';
import type { SimState } from './state.js';
import type { WorldBucket } from './world-schema.js';

/** Opaque to clients, as S3's are; here it holds the position to resume after. */
function encodeToken(after: string): string {
  return Buffer.from(JSON.stringify({ after }), 'utf8').toString('base64');
}

function decodeToken(token: string): string | undefined {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    if (
      typeof decoded === 'object' &&
      decoded !== null &&
      'after' in decoded &&
      typeof decoded.after === 'string'
    ) {
      return decoded.after;
    }
  } catch {
    // Falls through to the InvalidArgument answer S3 gives for a token it did not issue.
  }
  return undefined;
}

function fieldText(value: string | undefined, parameters: ListParameters): string | undefined {
  if (value === undefined || !parameters.encodeKeys) return value;
  return encodeURIComponent(value).replace(/%2F/g, '/').replace(/%20/g, '+');
}

export function listObjectsV2(
  state: SimState,
  request: SimRequest,
  bucket: WorldBucket,
  objects: BucketObjects,
): SimResponse {
  const parameters = listParameters(request.query);
  const token = request.query['continuation-token'];
  const startAfter = request.query['start-after'];
  let after = startAfter ?? '';
  if (token !== undefined) {
    const decoded = decodeToken(token);
    if (decoded === undefined) {
      return s3Error(state, request, 400, 'InvalidArgument', 'The continuation token provided is incorrect', {
        details: { ArgumentName: 'continuation-token' },
      });
    }
    after = decoded;
  }
  const owner = request.query['fetch-owner'] === 'true' ? ownerXml(bucket.account) : undefined;
  const parts: string[] = [];
  let count = 0;
  let last: string | undefined;
  let truncated = false;
  for (const item of listItems(objects, after, parameters)) {
    if (!isListed(item)) continue;
    if (count === parameters.maxKeys) {
      truncated = parameters.maxKeys > 0;
      break;
    }
    if (item.kind === 'prefix') parts.push(commonPrefixXml(item.prefix, parameters));
    else if (item.entry.versions[0] !== undefined)
      parts.push(contentsXml(item.entry.versions[0], parameters, owner));
    count += 1;
    last = resumeAfter(item);
  }
  const head = listRoot('ListBucketResult', {
    Name: bucket.name,
    Prefix: fieldText(parameters.prefix, parameters),
    Delimiter: fieldText(parameters.delimiter, parameters),
    MaxKeys: parameters.maxKeys,
    EncodingType: parameters.encodeKeys ? 'url' : undefined,
    KeyCount: count,
    IsTruncated: truncated,
    ContinuationToken: token,
    NextContinuationToken: truncated && last !== undefined ? encodeToken(last) : undefined,
    StartAfter: fieldText(startAfter, parameters),
  });
  return s3Xml(state, `${head}${parts.join('')}</ListBucketResult>`);
}

export function listObjectVersions(
  state: SimState,
  request: SimRequest,
  bucket: WorldBucket,
  objects: BucketObjects,
): SimResponse {
  const parameters = listParameters(request.query);
  const keyMarker = request.query['key-marker'] ?? '';
  const versionIdMarker = request.query['version-id-marker'];
  if (versionIdMarker !== undefined && keyMarker === '') {
    return s3Error(
      state,
      request,
      400,
      'InvalidArgument',
      'A version-id marker cannot be specified without a key marker.',
    );
  }
  // Resuming inside a key: the versions after the marker's, then the keys after it.
  const resumeInKey = versionIdMarker !== undefined;
  const owner = ownerXml(bucket.account);
  const parts: string[] = [];
  let count = 0;
  let next: { key: string; versionId?: string } | undefined;
  let truncated = false;
  const after = resumeInKey ? keyMarker : markerPosition(keyMarker, parameters);
  outer: for (const item of listItems(objects, after, parameters, resumeInKey)) {
    if (item.kind === 'prefix') {
      if (count === parameters.maxKeys) {
        truncated = true;
        break;
      }
      parts.push(commonPrefixXml(item.prefix, parameters));
      count += 1;
      next = { key: item.prefix };
      continue;
    }
    let versions = item.entry.versions;
    if (resumeInKey && item.entry.key === keyMarker) {
      versions = versions.slice(versions.findIndex((version) => version.versionId === versionIdMarker) + 1);
    }
    for (const version of versions) {
      if (count === parameters.maxKeys) {
        truncated = true;
        break outer;
      }
      parts.push(versionXml(version, parameters, owner));
      count += 1;
      next = { key: version.key, versionId: version.versionId };
    }
  }
  const head = listRoot('ListVersionsResult', {
    Name: bucket.name,
    Prefix: fieldText(parameters.prefix, parameters),
    KeyMarker: fieldText(keyMarker, parameters),
    VersionIdMarker: versionIdMarker,
    NextKeyMarker: truncated ? fieldText(next?.key, parameters) : undefined,
    NextVersionIdMarker: truncated ? next?.versionId : undefined,
    MaxKeys: parameters.maxKeys,
    Delimiter: fieldText(parameters.delimiter, parameters),
    EncodingType: parameters.encodeKeys ? 'url' : undefined,
    IsTruncated: truncated,
  });
  return s3Xml(state, `${head}${parts.join('')}</ListVersionsResult>`);
}
