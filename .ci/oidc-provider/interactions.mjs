// What the repository's test providers share (.ci/oidc-provider/provider.mjs
// for the client flow, .ci/audit/oidc_provider.mjs for the audit tool): the
// settings that route every interaction to one URL, and the middleware there
// that signs the user in and grants consent at once, with no page between,
// so that a plain HTTP client can drive the flow.

/** Provider settings: our interaction URL, any account, no dev pages. */
export const interactionSettings = {
  features: { devInteractions: { enabled: false } },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub }) }),
};

/** Signs `account` in, with consent to what was asked, at every interaction. */
export function signInAtOnce(provider, account) {
  provider.use(async (ctx, next) => {
    const match = /^\/interaction\/([^/]+)$/.exec(ctx.path);
    if (ctx.method !== 'GET' || !match) {
      await next();
      return;
    }
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    const grant = new provider.Grant({ accountId: account, clientId: details.params.client_id });
    grant.addOIDCScope(details.params.scope ?? 'openid');
    const grantId = await grant.save();
    ctx.respond = false; // interactionFinished writes the 303 itself
    await provider.interactionFinished(
      ctx.req,
      ctx.res,
      { login: { accountId: account }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
  });
}
