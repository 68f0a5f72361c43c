import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { renderIncidentNotification } from '../../shared/render/incident-notification.js';
import { bundleFunction } from '../helpers/bundle.js';
import { notice } from '../helpers/incidents.js';
import { type CapturedRequest, startWireStub } from '../helpers/wire-stub.js';

const run = promisify(execFile);
const ENTRY = fileURLToPath(new URL('../../functions/slack-notifier.ts', import.meta.url));
const TOKEN = 'bUnDlEsEcReT0123456789xy';
const PARAMETER = '/s3-replication-monitor/slack-webhook';

describe('slack-notifier bundle', () => {
  let stub: Awaited<ReturnType<typeof startWireStub>>;
  let bundle: string;
  before(async () => {
    // One stub plays both parts: SSM's JSON protocol, and the Slack webhook.
    stub = await startWireStub((request: CapturedRequest) =>
      request.headers['x-amz-target'] === 'AmazonSSM.GetParameter'
        ? {
            status: 200,
            headers: { 'content-type': 'application/x-amz-json-1.1' },
            body: JSON.stringify({
              Parameter: {
                Name: PARAMETER,
                Type: 'SecureString',
                Value: `${stub.endpoint}/services/T0/B0/${TOKEN}`,
              },
            }),
          }
        : { status: 200, body: 'ok' },
    );
    bundle = await bundleFunction(ENTRY);
  });
  after(() => stub.close());

  it('reads the webhook from SSM on the wire, posts Block Kit, and logs no secret', async () => {
    const eventFile = join(tmpdir(), `slack-event-${process.pid}.json`);
    const message = renderIncidentNotification(notice('opened')).message.default;
    writeFileSync(
      eventFile,
      JSON.stringify({ Records: [{ EventSource: 'aws:sns', Sns: { MessageId: 'm-1', Message: message } }] }),
    );
    const script = `
      import { readFileSync } from 'node:fs';
      const { handler } = await import(${JSON.stringify(bundle)});
      const event = JSON.parse(readFileSync(${JSON.stringify(eventFile)}, 'utf8'));
      const context = { functionName: 'slackNotifier', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 30000,
        invokedFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:slackNotifier', memoryLimitInMB: '256', functionVersion: '$LATEST' };
      console.log('RESULT ' + JSON.stringify(await handler(event, context)));`;
    const { stdout, stderr } = await run(process.execPath, ['--input-type=module', '-e', script], {
      env: {
        PATH: process.env.PATH,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'AKID',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_ENDPOINT_URL_SSM: stub.endpoint,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        POWERTOOLS_LOG_LEVEL: 'DEBUG',
        SLACK_WEBHOOK_PARAMETER: PARAMETER,
      },
    });
    assert.ok(stdout.includes('RESULT {"records":1,"posted":1,"skipped":0,"ignored":0}'), stdout);
    const ssmRequest = stub.requests.find(
      (request) => request.headers['x-amz-target'] === 'AmazonSSM.GetParameter',
    );
    assert.deepEqual(JSON.parse(ssmRequest?.body ?? '{}'), { Name: PARAMETER, WithDecryption: true });
    assert.match(
      String(ssmRequest?.headers.authorization),
      /Credential=AKID\/\d{8}\/us-east-1\/ssm\/aws4_request/,
    );
    const post = stub.requests.find((request) => request.url.startsWith('/services/'));
    assert.equal(JSON.parse(post?.body ?? '{}').blocks[0].type, 'header');
    assert.match(stdout, /Posted to Slack/);
    assert.ok(!`${stdout}${stderr}`.includes(TOKEN), 'the webhook URL is not in the logs');
  });
});
