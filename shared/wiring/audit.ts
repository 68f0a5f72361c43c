import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditDependencies } from '../audit/audit-dependencies.js';
import type { BucketLeases } from '../audit/bucket-leases.js';
import { type AuditStateStore, createInMemoryAuditStateStore } from '../audit/sampling/audit-state.js';
import { tableArnOf } from '../aws/aws-errors.js';
import { createDynamoDbAuditStateStore } from '../aws/dynamodb-audit-state-store.js';
import { createDynamoDbBucketLeases } from '../aws/dynamodb-bucket-leases.js';
import { createDynamoDbDiagnosisStore } from '../aws/dynamodb-diagnosis-store.js';
import type { MonitorConfig } from '../config/config.js';
import { createInMemoryDiagnosisStore, type DiagnosisStore } from '../diagnosis/diagnosis-store.js';
import type { Clock } from '../model/clock.js';
import { memberAudits, readersOver } from './audit-readers.js';
import { type ClientPool, cutOffAt } from './clients.js';

/**
 * Signals that abort the audit's reads still in flight, so the time kept back is not spent waiting
 * for answers the audit can no longer use: `checks` at the audit's deadline (S3, CloudWatch, IAM,
 * KMS, STS), `sampling` at sampling's earlier one (ListObjectsV2, HeadObject, GetObjectTagging).
 * The state table's calls are never cut off.
 */
export interface AuditCutoffs {
  checks: AbortSignal;
  sampling?: AbortSignal;
}

/** Lambda's longest timeout: a lease of an invocation that never says how long it has left. */
const MAX_LAMBDA_MS = 15 * 60_000;

/** The audit's readers over a client pool; state in DynamoDB when a table is configured. */
export function createAuditDependencies(input: {
  config: MonitorConfig;
  clients: ClientPool;
  clock: Clock;
  deadline: () => boolean;
  /** When the reads still in flight are abandoned; absent, they are always waited for. */
  cutoffs?: AuditCutoffs;
  homeRegion: string;
  stateStore?: AuditStateStore;
  diagnosisStore?: DiagnosisStore;
  /** How long this audit's bucket leases last unless given back: the invocation's time left. */
  leaseMs?: number;
  leases?: BucketLeases;
}): AuditDependencies {
  const { config, clients, clock, cutoffs } = input;
  // Readers ask for their client on every call (every HEAD): each pooled client is wrapped once
  // per signal for this invocation, not once per request.
  const wrapped = new Map<AbortSignal, WeakMap<object, object>>();
  const cutOff = <T extends Parameters<typeof cutOffAt>[0]>(
    client: T,
    signal: AbortSignal | undefined,
  ): T => {
    if (signal === undefined) return client;
    const clients = wrapped.get(signal) ?? new WeakMap<object, object>();
    wrapped.set(signal, clients);
    const cut = (clients.get(client) as T | undefined) ?? cutOffAt(client, signal);
    clients.set(client, cut);
    return cut;
  };
  const reads = <T extends Parameters<typeof cutOffAt>[0]>(client: T): T => cutOff(client, cutoffs?.checks);
  const sampling = <T extends Parameters<typeof cutOffAt>[0]>(client: T): T =>
    cutOff(client, cutoffs?.sampling ?? cutoffs?.checks);
  const tableName = config.audit.tableName;
  const tableArn =
    config.audit.tableArn ?? (tableName === undefined ? undefined : tableArnOf(input.homeRegion, tableName));
  const documents = () =>
    clients.get('dynamodb', input.homeRegion, (settings) =>
      DynamoDBDocumentClient.from(new DynamoDBClient(settings)),
    );
  const stateStore =
    input.stateStore ??
    (tableName === undefined
      ? createInMemoryAuditStateStore()
      : createDynamoDbAuditStateStore(documents(), { tableName, tableArn, clock }));
  const diagnosisStore =
    input.diagnosisStore ??
    (tableName === undefined
      ? createInMemoryDiagnosisStore()
      : createDynamoDbDiagnosisStore(documents(), { tableName, tableArn, clock }));
  const leaseMs = input.leaseMs ?? MAX_LAMBDA_MS;
  // Without a state table (the CLI, one audit in one process) there is nothing to share a lease in.
  const leases =
    input.leases ??
    (tableName === undefined
      ? undefined
      : createDynamoDbBucketLeases(
          { acquire: reads(documents()), release: documents() },
          {
            tableName,
            tableArn,
            clock,
            holder: randomUUID(),
            leaseMs,
          },
        ));
  const cut = { reads, sampling };
  const readers = { config, cut, homeRegion: input.homeRegion, diagnosisStore };
  const members = config.audit.accounts.length === 0 ? undefined : memberAudits({ ...readers, clients });
  return {
    ...readersOver({ ...readers, clients }),
    stateStore,
    ...(leases === undefined ? {} : { leases }),
    ...(members === undefined ? {} : { members }),
    clock,
    deadline: input.deadline,
    settings: config.audit,
    severityOverrides: config.severityOverrides,
  };
}
