import type { IncidentNotification } from '../render/sns-message.js';
import { type DigestState, digestDue, digestOf } from './digest.js';
import type { Incident } from './incident.js';
import type { IncidentDependencies } from './report-incidents.js';

/**
 * Sends the digest of incidents that page nobody, at most every `digestIntervalMinutes` (the
 * audit calls this after its incidents are written). The digest item is claimed with a
 * conditional write first, so two audits never both send it; `sentAt` moves only once SNS took
 * the message, so a failed publish (which rejects, failing the run) is retried by the next audit.
 *
 * Resolves to the rendered digest, or undefined when none was due, there was nothing to tell, or
 * another audit is sending it.
 */
export async function sendDigestIfDue(
  incidents: readonly Incident[],
  owner: string,
  dependencies: IncidentDependencies,
): Promise<{ notification: IncidentNotification; delivered: boolean } | undefined> {
  const { store, settings, channels } = dependencies;
  const now = dependencies.clock.now();
  const state = await store.loadDigest();
  if (!digestDue(state, now, settings)) return undefined;
  const digest = digestOf(incidents, state, now, settings);
  if (digest === undefined) return undefined;
  const revision = state?.revision ?? 0;
  const base: DigestState = { revision };
  if (state?.sentAt !== undefined) base.sentAt = state.sentAt;
  const claimed: DigestState = { ...base, claim: { owner, at: now.toISOString() }, revision: revision + 1 };
  if (!(await store.saveDigest(claimed))) return undefined;
  const notification = channels.renderer.digest(digest);
  try {
    await channels.publisher?.publish(notification);
  } catch (error) {
    // Released so the next audit sends it; if even that fails, the claim goes stale.
    await store.saveDigest({ ...base, revision: revision + 2 }).catch(() => false);
    throw error;
  }
  await store.saveDigest({ sentAt: now.toISOString(), revision: revision + 2 });
  return { notification, delivered: channels.publisher !== undefined };
}
