/**
 * Why "Authorise with <provider>" came back without a hub, in words, with what to do next. The
 * server sends only the reason code (`/hubs?oauthError=<code>&app=<key>`), so nothing a third
 * party put in the URL is ever shown here.
 */
export function oauthFailureMessage(reason: string, provider: string): string {
  const notAuthorised = `${provider} did not authorise Latchkey`;
  switch (reason) {
    case 'denied':
      return `${notAuthorised}: the request was declined on ${provider}’s page. Try again and choose Allow, signed in to ${provider} as an admin of the business.`;
    case 'expired':
      return `${notAuthorised}: more than 10 minutes passed between starting and coming back. Try again.`;
    case 'used':
      return `${notAuthorised}: this authorisation was already used, for example by reloading the page. If the hub isn’t in the list below, try again.`;
    case 'wrong_member':
      return `${notAuthorised}: the authorisation was started by another Latchkey member, or in another workspace. Sign in as yourself and try again.`;
    case 'signed_out':
      return `${notAuthorised}: your Latchkey session had ended when ${provider} sent you back. Try again now that you’re signed in.`;
    case 'not_configured':
      return `${notAuthorised}: authorising with ${provider} is no longer set up on this Latchkey. Connect the hub with a pasted access token instead.`;
    case 'exchange_failed':
      return `${notAuthorised}: ${provider} did not turn the authorisation into an access token (it may have expired, or ${provider} could not be reached). Try again.`;
    case 'connect_failed':
      return `${provider} authorised Latchkey, but the hub couldn’t be created (your role may have changed meanwhile). Try again; if it keeps happening, ask a workspace admin.`;
    default:
      return `${notAuthorised}: the answer from ${provider} didn’t match an authorisation you started here. Try again from Connect Business Hub.`;
  }
}
