import type { Problem } from '../model/errors.js';
import { syntheticIndexOf } from './synthetic.js';
import type { World, WorldBucket } from './world-schema.js';

/** CloudWatch keeps 1-minute datapoints for 15 days; a longer series could never be answered. */
const MAX_METRIC_MINUTES = 15 * 24 * 60;

/** Checks the schema cannot express: uniqueness, sums, coherence with `now`. */
export function checkWorld(world: World): Problem[] {
  const problems: Problem[] = [];
  const now = Date.parse(world.now);
  checkUnique(
    world.buckets.map((bucket) => bucket.name),
    'buckets',
    'name',
    problems,
  );
  checkUnique(
    world.roles.map((role) => role.arn),
    'roles',
    'arn',
    problems,
  );
  checkUnique(
    world.kmsKeys.map((key) => key.arn),
    'kmsKeys',
    'arn',
    problems,
  );
  world.buckets.forEach((bucket, index) => {
    checkBucket(bucket, `buckets[${index}]`, now, problems);
  });
  world.kmsKeys.forEach((key, index) => {
    if (key.state !== 'PendingDeletion' && key.deletionDate !== undefined) {
      problems.push({
        path: `kmsKeys[${index}].deletionDate`,
        message: 'only a key in state PendingDeletion has one',
      });
    }
  });
  const seriesSeen = new Set<string>();
  world.metrics.forEach((series, index) => {
    const path = `metrics[${index}]`;
    if (series.values.length > MAX_METRIC_MINUTES) {
      problems.push({
        path: `${path}.values`,
        message: `has ${series.values.length} minutes; CloudWatch keeps 1-minute data for 15 days (${MAX_METRIC_MINUTES})`,
      });
    }
    const identity = JSON.stringify([
      series.region,
      series.namespace,
      series.metricName,
      Object.entries(series.dimensions).sort(),
    ]);
    if (seriesSeen.has(identity)) {
      problems.push({ path, message: 'duplicates an earlier series (same Region, metric and dimensions)' });
    }
    seriesSeen.add(identity);
  });
  return problems;
}

function checkUnique(values: string[], list: string, field: string, problems: Problem[]): void {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    if (seen.has(value))
      problems.push({ path: `${list}[${index}].${field}`, message: `duplicate ${field} ${value}` });
    seen.add(value);
  });
}

function checkBucket(bucket: WorldBucket, path: string, now: number, problems: Problem[]): void {
  const latestPerKey = new Map<string, number>();
  const versions = new Set<string>();
  bucket.objects.forEach((object, index) => {
    const objectPath = `${path}.objects[${index}]`;
    const version = `${object.key}\u0000${object.versionId}`;
    if (versions.has(version)) {
      problems.push({
        path: objectPath,
        message: `duplicate key and versionId (${object.key}, ${object.versionId})`,
      });
    }
    versions.add(version);
    if (object.isLatest) latestPerKey.set(object.key, (latestPerKey.get(object.key) ?? 0) + 1);
    else latestPerKey.set(object.key, latestPerKey.get(object.key) ?? 0);
    if (Date.parse(object.lastModified) > now) {
      problems.push({ path: `${objectPath}.lastModified`, message: 'is after the world clock `now`' });
    }
    if (bucket.versioning === undefined && object.versionId !== 'null') {
      problems.push({
        path: `${objectPath}.versionId`,
        message: 'must be "null": versioning was never enabled on this bucket',
      });
    }
    if (object.deleteMarker && object.replicationStatus !== undefined) {
      problems.push({
        path: `${objectPath}.replicationStatus`,
        message: 'a delete marker has no replication status',
      });
    }
  });
  for (const [key, latest] of latestPerKey) {
    if (latest !== 1) {
      problems.push({
        path: `${path}.objects`,
        message: `key ${JSON.stringify(key)} has ${latest} versions with isLatest true; exactly one is needed`,
      });
    }
  }
  const synthetic = bucket.syntheticObjects;
  if (synthetic !== undefined) {
    const sum = Object.values(synthetic.statusMix).reduce((total, share) => total + (share ?? 0), 0);
    if (Math.abs(sum - 1) > 0.001) {
      problems.push({ path: `${path}.syntheticObjects.statusMix`, message: `shares sum to ${sum}, not 1` });
    }
    const clash = bucket.objects.findIndex((object) => syntheticIndexOf(synthetic, object.key) !== undefined);
    if (clash >= 0) {
      problems.push({
        path: `${path}.objects[${clash}].key`,
        message: 'collides with a synthetic object key',
      });
    }
  }
}
