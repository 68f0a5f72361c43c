import { createHash } from 'node:crypto';
import type { BucketObjects } from './s3-objects.js';
import type { SimRequest } from './sim-http.js';
import type { World } from './world-schema.js';

/** An SNS Publish the simulator captured instead of sending. */
export interface CapturedSnsMessage {
  region: string;
  topicArn: string;
  subject?: string;
  message: string;
  messageAttributes: Record<string, { dataType: string; value: string }>;
  messageGroupId?: string;
  messageId: string;
}

/** One EventBridge PutEvents entry the simulator captured. */
export interface CapturedEvent {
  region: string;
  eventBusName: string;
  source: string;
  detailType: string;
  detail: string;
  resources: string[];
  time?: string;
  eventId: string;
}

/** A configuration write applied to the in-memory world (the file on disk is never rewritten). */
export interface SimWrite {
  service: 's3';
  operation: 'PutBucketReplication' | 'PutBucketNotificationConfiguration';
  bucket: string;
  region: string;
  /** The whole new document, as S3 replaces it. */
  document: unknown;
}

export interface SimState {
  world: World;
  now: Date;
  captured: { sns: CapturedSnsMessage[]; events: CapturedEvent[] };
  writes: SimWrite[];
  sequence: number;
  /** Per bucket name, built on first use: objects never change during a run. */
  bucketObjects: Map<string, BucketObjects>;
}

export function createState(world: World): SimState {
  return {
    world,
    now: new Date(world.now),
    captured: { sns: [], events: [] },
    writes: [],
    sequence: 0,
    bucketObjects: new Map(),
  };
}

const SIMULATED_KEY = /^SIMULATED(\d{12})$/;

/** The account the caller acts in: `SIMULATED<account>` access keys pick one, anything else is the monitor's. */
export function callerAccount(state: SimState, request: SimRequest): string {
  return SIMULATED_KEY.exec(request.accessKeyId)?.[1] ?? state.world.monitor.account;
}

/** The monitor's principal as AWS would name it in AccessDenied messages and GetCallerIdentity. */
export function callerArn(state: SimState, request: SimRequest): string {
  return `arn:aws:sts::${callerAccount(state, request)}:assumed-role/replication-monitor/simulator`;
}

/** Deterministic ids: the same run gives the same request ids, message ids and event ids. */
export function nextHex(state: SimState, length: number): string {
  state.sequence += 1;
  return stableHex(`sequence:${state.sequence}`, length);
}

export function stableHex(seed: string, length: number): string {
  let out = '';
  for (let round = 0; out.length < length; round++) {
    out += createHash('sha256').update(`${round}:${seed}`).digest('hex');
  }
  return out.slice(0, length);
}

export function nextUuid(state: SimState): string {
  const hex = nextHex(state, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** IAM-style unique ids (`AROA…`, `ANPA…`): prefix plus 17 upper-case characters derived from the ARN. */
export function iamUniqueId(prefix: string, arn: string): string {
  const digest = createHash('sha256')
    .update(arn)
    .digest('base64')
    .replace(/[^A-Za-z0-9]/g, '');
  return `${prefix}${digest.toUpperCase().slice(0, 17)}`;
}
