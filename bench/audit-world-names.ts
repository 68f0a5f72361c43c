/** Accounts, keys and names of the audit benchmark's world (audit-world.ts). */
export const MONITOR_ACCOUNT = '111122223333';
export const DR_ACCOUNT = '444455556666';
export const BUCKETS = 10;
export const RULES = 3;
export const OBJECTS_PER_RULE = 10;

export const SOURCE_KEY = `arn:aws:kms:us-east-1:${MONITOR_ACCOUNT}:key/0b1c2d3e-4f50-4617-8829-3a4b5c6d7e8f`;
export const replicaKey = (account: string) =>
  `arn:aws:kms:us-west-2:${account}:key/${account === DR_ACCOUNT ? '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a' : '1a2b3c4d-5e6f-4708-9192-a3b4c5d6e7f8'}`;
export const roleArn = (bucket: number) =>
  `arn:aws:iam::${MONITOR_ACCOUNT}:role/service-role/bench-replication-${bucket}`;
export const sourceName = (bucket: number) => `bench-app-${bucket}`;
export const destinationName = (bucket: number, rule: number) => `bench-app-${bucket}-dr-${rule}`;
export const crossAccount = (bucket: number) => bucket % 2 === 1;
export const sseKms = (bucket: number) => bucket % 3 === 0;
export const destinationAccount = (bucket: number) => (crossAccount(bucket) ? DR_ACCOUNT : MONITOR_ACCOUNT);
