import { handleEvents, handleSns } from './capture.js';
import { handleCloudWatch } from './cloudwatch.js';
import { handleIam } from './iam.js';
import { handleKms } from './kms.js';
import { handleOrganizations } from './organizations.js';
import { handleS3 } from './s3.js';
import type { SimRequest, SimResponse } from './sim-http.js';
import type { SimState } from './state.js';
import { handleSts } from './sts.js';

/** Dispatches on the SigV4 signing name; both adapters (in-process handler, node:http server) come here. */
export async function routeRequest(state: SimState, request: SimRequest): Promise<SimResponse> {
  switch (request.service) {
    case 's3':
      return handleS3(state, request);
    case 'iam':
      return handleIam(state, request);
    case 'kms':
      return handleKms(state, request);
    case 'monitoring':
      return handleCloudWatch(state, request);
    case 'sts':
      return handleSts(state, request);
    case 'sns':
      return handleSns(state, request);
    case 'events':
      return handleEvents(state, request);
    case 'organizations':
      return handleOrganizations(state, request);
    default:
      return {
        statusCode: 400,
        headers: { 'content-type': 'text/plain' },
        body: `The simulator does not answer the service "${request.service}"`,
      };
  }
}
