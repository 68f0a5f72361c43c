import { queryError, queryParameters, queryResult } from './protocols.js';
import type { SimRequest, SimResponse } from './sim-http.js';
import { callerAccount, callerArn, iamUniqueId, type SimState } from './state.js';

const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** GetCallerIdentity needs no permission in AWS, so `denied` never refuses it. */
export function handleSts(state: SimState, request: SimRequest): SimResponse {
  const action = queryParameters(request.body).get('Action');
  if (action !== 'GetCallerIdentity') {
    return queryError(
      state,
      STS_NAMESPACE,
      400,
      'InvalidAction',
      `The simulator does not answer STS ${action ?? ''}`,
    );
  }
  const arn = callerArn(state, request);
  return queryResult(
    state,
    STS_NAMESPACE,
    'GetCallerIdentity',
    `<Arn>${arn}</Arn><UserId>${iamUniqueId('AROA', arn)}:simulator</UserId><Account>${callerAccount(state, request)}</Account>`,
  );
}
