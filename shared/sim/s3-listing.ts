import { createHash } from 'node:crypto';
import { S3_NAMESPACE } from './s3-config-xml.js';
import { type BucketObjects, currentVersion, type KeyEntry, keysAfter } from './s3-objects.js';
import { xmlTime } from './s3-response.js';
import type { WorldObject } from './world-schema.js';
import { escapeXml } from './xml.js';

/** S3 never returns more than 1,000 keys per page, whatever MaxKeys asks. */
const PAGE_LIMIT = 1000;
/** Sorts after every key that starts with a common prefix: listing resumes past the whole "folder". */
const PAST_PREFIX = '\uffff';

export interface ListParameters {
  prefix: string;
  delimiter: string;
  maxKeys: number;
  encodeKeys: boolean;
}

export function listParameters(query: Record<string, string>): ListParameters {
  const requested = Number(query['max-keys'] ?? PAGE_LIMIT);
  return {
    prefix: query.prefix ?? '',
    delimiter: query.delimiter ?? '',
    maxKeys: Number.isInteger(requested) && requested >= 0 ? Math.min(requested, PAGE_LIMIT) : PAGE_LIMIT,
    encodeKeys: query['encoding-type'] === 'url',
  };
}

type ListItem = { kind: 'key'; entry: KeyEntry } | { kind: 'prefix'; prefix: string };

/** Keys and common prefixes after `after`, with S3's rolling up of keys under a delimiter. */
export function* listItems(
  objects: BucketObjects,
  after: string,
  parameters: ListParameters,
  includeAfter = false,
): Generator<ListItem> {
  let cursor = after;
  let inclusive = includeAfter;
  restart: while (true) {
    for (const entry of keysAfter(objects, cursor, parameters.prefix, inclusive)) {
      const rest = entry.key.slice(parameters.prefix.length);
      const at = parameters.delimiter === '' ? -1 : rest.indexOf(parameters.delimiter);
      if (at < 0) {
        yield { kind: 'key', entry };
        continue;
      }
      const prefix = parameters.prefix + rest.slice(0, at + parameters.delimiter.length);
      yield { kind: 'prefix', prefix };
      cursor = prefix + PAST_PREFIX;
      inclusive = false;
      continue restart;
    }
    return;
  }
}

/** A key marker that names a common prefix resumes past the whole prefix, as S3 does. */
export function markerPosition(marker: string, parameters: ListParameters): string {
  const rest = marker.slice(parameters.prefix.length);
  const isCommonPrefix =
    parameters.delimiter !== '' &&
    marker.startsWith(parameters.prefix) &&
    rest.length > 0 &&
    rest.indexOf(parameters.delimiter) === rest.length - parameters.delimiter.length;
  return isCommonPrefix ? marker + PAST_PREFIX : marker;
}

/** Where a page ended, as the position to list after. */
export function resumeAfter(item: ListItem): string {
  return item.kind === 'key' ? item.entry.key : item.prefix + PAST_PREFIX;
}

/** With `encoding-type=url` S3 returns keys form-encoded (a space is `+`); the SDK does not decode them. */
export function keyText(key: string, parameters: ListParameters): string {
  if (!parameters.encodeKeys) return escapeXml(key);
  return encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+');
}

export function etagOf(object: WorldObject): string {
  if (object.etag !== undefined) return object.etag.startsWith('"') ? object.etag : `"${object.etag}"`;
  const digest = createHash('md5')
    .update(`${object.key}\u0000${object.versionId}\u0000${object.size}`)
    .digest('hex');
  return `"${digest}"`;
}

export function ownerXml(account: string): string {
  return `<Owner><ID>${createHash('sha256').update(account).digest('hex')}</ID></Owner>`;
}

export function contentsXml(
  object: WorldObject,
  parameters: ListParameters,
  owner: string | undefined,
): string {
  return (
    `<Contents><Key>${keyText(object.key, parameters)}</Key><LastModified>${xmlTime(object.lastModified)}</LastModified>` +
    `<ETag>${escapeXml(etagOf(object))}</ETag><Size>${object.size}</Size>` +
    `<StorageClass>${escapeXml(object.storageClass)}</StorageClass>${owner ?? ''}</Contents>`
  );
}

export function versionXml(object: WorldObject, parameters: ListParameters, owner: string): string {
  const common =
    `${owner}<Key>${keyText(object.key, parameters)}</Key><VersionId>${escapeXml(object.versionId)}</VersionId>` +
    `<IsLatest>${object.isLatest}</IsLatest><LastModified>${xmlTime(object.lastModified)}</LastModified>`;
  if (object.deleteMarker) return `<DeleteMarker>${common}</DeleteMarker>`;
  return (
    `<Version>${common}<ETag>${escapeXml(etagOf(object))}</ETag><Size>${object.size}</Size>` +
    `<StorageClass>${escapeXml(object.storageClass)}</StorageClass></Version>`
  );
}

export function commonPrefixXml(prefix: string, parameters: ListParameters): string {
  return `<CommonPrefixes><Prefix>${keyText(prefix, parameters)}</Prefix></CommonPrefixes>`;
}

/** ListObjectsV2 shows only keys whose latest version is not a delete marker. */
export function isListed(item: ListItem): boolean {
  return item.kind === 'prefix' || currentVersion(item.entry) !== undefined;
}

export function listRoot(
  name: string,
  fields: Record<string, string | number | boolean | undefined>,
): string {
  const inner = Object.entries(fields)
    .filter(([, value]) => value !== undefined && value !== '')
    .map(([field, value]) => `<${field}>${typeof value === 'string' ? escapeXml(value) : value}</${field}>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${name} xmlns="${S3_NAMESPACE}">${inner}`;
}
