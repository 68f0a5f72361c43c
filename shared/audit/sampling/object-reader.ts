import type { ReadProblem } from '../../model/observed.js';

export type ReplicationStatus = 'PENDING' | 'COMPLETED' | 'FAILED' | 'REPLICA';
/** `NONE`: no header, so not in scope of a rule when written, or never attempted. Never flagged. */
export type StatusCounts = Record<ReplicationStatus | 'NONE', number>;

export const zeroCounts = (): StatusCounts => ({ PENDING: 0, COMPLETED: 0, FAILED: 0, REPLICA: 0, NONE: 0 });

export interface ObjectPage {
  objects: { key: string; lastModified: Date; versionId?: string; size: number }[];
  /** Present when the listing goes on after this page. */
  nextStartAfter?: string;
}

export interface ObjectHead {
  replicationStatus?: ReplicationStatus;
  lastModified: Date;
  versionId?: string;
  sse?: string;
  kmsKeyId?: string;
  bucketKeyEnabled?: boolean;
  /** Absent when unknown: S3 sends it only to callers allowed to read tags. */
  tagCount?: number;
}

/** `not-found`: the object was deleted between listing and reading it, which is no problem. */
export type ObjectReadProblem = ReadProblem | (Omit<ReadProblem, 'kind'> & { kind: 'not-found' });
export type ObjectRead<T> = { ok: true; value: T } | { ok: false; problem: ObjectReadProblem };

export interface ObjectLocation {
  bucket: string;
  region: string;
  /** Decoded. */
  key: string;
  versionId?: string;
}

/** What sampling needs from S3; `createS3ObjectReader` is the adapter. Never throws for AWS errors. */
export interface ObjectReader {
  listPage(input: {
    bucket: string;
    region: string;
    prefix?: string;
    startAfter?: string;
    maxKeys: number;
  }): Promise<ObjectRead<ObjectPage>>;
  head(input: ObjectLocation): Promise<ObjectRead<ObjectHead>>;
  tags(input: ObjectLocation): Promise<ObjectRead<Record<string, string>>>;
}
