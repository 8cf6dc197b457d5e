/**
 * The Slack calls Sign in with Slack needs (OpenID Connect), in Slack's terms. Slack's refusals
 * (`{ ok: false, error }`, e.g. `invalid_code`, `invalid_auth`) are returned values; transport failures
 * throw. Adapter: `webClientSlackOpenId.ts` (@slack/web-api). Tests point it at the Slack stand-in.
 * https://docs.slack.dev/authentication/sign-in-with-slack/
 */

export type OpenIdResult<T> = ({ ok: true } & T) | { ok: false; error: string };

/** `openid.connect.userInfo`'s claims Kap uses. */
export interface SlackUserInfo {
  /** `sub`: the Slack user id (Slack's `sub` is the user id). */
  sub: string;
  /** `https://slack.com/user_id`. */
  userId: string;
  /** `https://slack.com/team_id`: the workspace the person signed in to. */
  teamId: string;
  name: string | null;
  email: string | null;
}

export interface SlackOpenId {
  /**
   * `openid.connect.token` (grant_type authorization_code) with the app's client id and secret: the code the
   * authorize step gave, for the same `redirectUri`. https://docs.slack.dev/reference/methods/openid.connect.token
   */
  exchangeCode(code: string, redirectUri: string): Promise<OpenIdResult<{ accessToken: string; idToken: string }>>;
  /** `openid.connect.userInfo` with the access token. https://docs.slack.dev/reference/methods/openid.connect.userInfo */
  userInfo(accessToken: string): Promise<OpenIdResult<SlackUserInfo>>;
  /** `auth.test` with the bot token: the workspace the bot is installed in (`team_id`). */
  workspace(): Promise<OpenIdResult<{ teamId: string }>>;
}
