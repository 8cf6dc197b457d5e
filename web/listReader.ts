/**
 * Who reads a page that lists sessions (the index, team usage, the live status stream): the same answer as
 * for a session page (web/pageReader.ts), except that no signed link opens a list (links are signed per
 * session). So without Slack only this machine reads the lists, and with Slack only a signed-in person.
 * A request that has no reader gets its answer here: 403 with a message, or the sign-in redirect.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Reader } from '../access/sessionAccess.js';
import { messagePage } from '../renderers/webPage.js';
import type { SignedInPerson } from '../renderers/webPage.js';
import type { WebSessionStore } from '../stores/webSessions.js';
import { isLocalRequest, pageReader } from './pageReader.js';
import { loginPath, sendPage, SIGN_IN_UNCONFIGURED, webSessionOf } from './signInRoutes.js';

export interface ListReaderDeps {
  /** True when no Slack app is configured. */
  local: boolean;
  /** Sign in with Slack's web sessions, when configured. */
  signIn?: { sessions: WebSessionStore } | undefined;
}

export type ListReader = { reader: Reader; person: SignedInPerson | undefined };

export const NOT_FROM_THIS_MACHINE =
  'This page opens only on the machine Kap runs on: no Slack app is configured, so nobody can sign in from elsewhere. Open it there, or open a session link Kap gave you.';

/**
 * The reader of a list request, or undefined after answering it: 403 (not this machine without Slack;
 * sign-in not configured), or 302 to sign in and come back to `next` (a page; `redirect: false` for the
 * event stream, which a browser cannot send through a sign-in: 403 instead).
 */
export async function listReader(request: FastifyRequest, reply: FastifyReply, deps: ListReaderDeps, next: { path: string; redirect: boolean }): Promise<ListReader | undefined> {
  const who = await pageReader({
    local: deps.local,
    fromThisMachine: isLocalRequest(request.socket.remoteAddress, request.headers),
    checkLink: () => 'bad_signature',
    signInConfigured: deps.signIn !== undefined,
    webSession: () => webSessionOf(request, deps.signIn?.sessions),
  });
  switch (who.kind) {
    case 'reader':
      return { reader: who.reader, person: who.person };
    case 'link_refused':
      void sendPage(reply, 403, messagePage(NOT_FROM_THIS_MACHINE));
      return undefined;
    case 'sign_in_unconfigured':
      void sendPage(reply, 403, messagePage(SIGN_IN_UNCONFIGURED));
      return undefined;
    case 'sign_in':
      if (next.redirect) void reply.header('cache-control', 'no-store').redirect(loginPath(next.path), 302);
      else void sendPage(reply, 403, messagePage('Sign in with Slack to follow sessions live.'));
      return undefined;
  }
}
