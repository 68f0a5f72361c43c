import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { bundleFunction } from '../helpers/bundle.js';
import { type DynaliteTable, startDynaliteTable } from '../helpers/dynalite.js';
import { FIXTURES } from '../helpers/fixtures.js';
import { SNS_PUBLISH_RESPONSE, startWireStub } from '../helpers/wire-stub.js';

const run = promisify(execFile);
const ENTRY = fileURLToPath(new URL('../../functions/replication-event.ts', import.meta.url));

describe('replication-event bundle', () => {
  let stub: Awaited<ReturnType<typeof startWireStub>>;
  let table: DynaliteTable;
  let bundle: string;
  before(async () => {
    // Incidents live in the state table: DynamoDB is answered by dynalite, SNS by the stub.
    table = await startDynaliteTable('monitor-state');
    stub = await startWireStub(() => ({
      status: 200,
      headers: { 'content-type': 'text/xml' },
      body: SNS_PUBLISH_RESPONSE,
    }));
    bundle = await bundleFunction(ENTRY);
  });
  after(async () => {
    await stub.close();
    await table.close();
  });

  it('loads in a fresh Node process and publishes through the SDK on the wire, with logs and EMF', async () => {
    const script = `
      import { readFileSync } from 'node:fs';
      const { handler } = await import(${JSON.stringify(bundle)});
      const event = JSON.parse(readFileSync(${JSON.stringify(`${FIXTURES}events/sqs-batch.json`)}, 'utf8'));
      const context = { functionName: 'replicationEvent', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 30000,
        invokedFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:replicationEvent', memoryLimitInMB: '256', functionVersion: '$LATEST' };
      console.log('RESULT ' + JSON.stringify(await handler(event, context)));`;
    const { stdout, stderr } = await run(process.execPath, ['--input-type=module', '-e', script], {
      env: {
        PATH: process.env.PATH,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'AKID',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_ENDPOINT_URL_SNS: stub.endpoint,
        AWS_ENDPOINT_URL_DYNAMODB: table.endpoint,
        STATE_TABLE_NAME: table.tableName,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:replication-alerts',
        POWERTOOLS_METRICS_NAMESPACE: 'S3ReplicationMonitor',
      },
    });
    const lines = stdout.trim().split('\n');
    assert.equal(
      lines.find((line) => line.startsWith('RESULT ')),
      'RESULT {"batchItemFailures":[]}',
    );
    assert.equal(stub.requests.filter((request) => request.body.includes('Action=Publish')).length, 2);
    const json = [...lines, ...stderr.trim().split('\n')]
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line));
    const emf = json.find((entry) => entry._aws !== undefined && 'RecordsReceived' in entry);
    assert.equal(emf?.RecordsReceived, 5);
    assert.equal(emf?.RecordsRejected, 1);
    assert.equal(emf?.AlertsSent, 2);
    const rejectedLog = json.find((entry) => entry.message === 'Rejected replication event records');
    assert.equal(rejectedLog?.level, 'WARN');
    assert.equal(rejectedLog?.function_request_id, 'req-1');
    assert.equal(rejectedLog?.rejected.length, 1);
    assert.match(rejectedLog?.rejected[0].reason, /not valid JSON/);
  });
});
