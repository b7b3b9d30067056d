// A real OpenID Connect provider for the single sign-on tests: panva's certified
// oidc-provider, one confidential client, a few people, and a login form that checks
// their passwords (so the browser really logs in at the provider).
//
//   OIDC_TEST_CONFIG='{"port": 4000, "clientId": "okrs", "clientSecret": "…",
//     "redirectUri": "http://127.0.0.1:8000/oidc/callback/",
//     "users": [{"sub": "ada", "email": "ada@acme.test", "name": "Ada Lovelace",
//                "password": "…", "emailVerified": true}]}' node provider.js
//
// It prints "listening <issuer>" once it answers.

import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';

import Provider from 'oidc-provider';

const config = JSON.parse(process.env.OIDC_TEST_CONFIG || process.argv[2] || '{}');
const issuer = `http://127.0.0.1:${config.port}`;
const users = new Map(config.users.map((user) => [user.sub, user]));
const byEmail = new Map(config.users.map((user) => [user.email, user]));

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'test', use: 'sig', alg: 'RS256' };

const provider = new Provider(issuer, {
  clients: [{
    client_id: config.clientId,
    client_secret: config.clientSecret,
    redirect_uris: [config.redirectUri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  jwks: { keys: [signingKey] },
  cookies: { keys: ['okrs-test-provider-cookie-key'] },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, sub) {
    const user = users.get(sub);
    if (!user) return undefined;
    return {
      accountId: sub,
      async claims() {
        return {
          sub, email: user.email, email_verified: user.emailVerified !== false, name: user.name,
        };
      },
    };
  },
  // The client is okrs itself: no consent screen, every scope it asks for is granted.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
});

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(res, uid, error = '') {
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.end(`<!doctype html><html lang="en"><head><title>Test provider: sign in</title></head>
<body><h1>Test provider: sign in</h1>${error ? `<p role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login">
<label for="email">Email</label><input id="email" name="email" autocomplete="username">
<label for="password">Password</label><input id="password" name="password" type="password">
<button type="submit">Sign in</button></form></body></html>`);
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

async function interaction(req, res) {
  const [, , uid, action] = new URL(req.url, issuer).pathname.split('/');
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid || details.prompt.name !== 'login') {
    res.statusCode = 400;
    res.end(`unexpected prompt ${details.prompt.name}`);
    return;
  }
  if (req.method === 'GET' && !action) {
    loginPage(res, uid);
    return;
  }
  const form = await readForm(req);
  const user = byEmail.get(form.get('email'));
  if (!user || user.password !== form.get('password')) {
    res.statusCode = 401;
    loginPage(res, uid, 'Wrong email or password.');
    return;
  }
  await provider.interactionFinished(req, res, { login: { accountId: user.sub } }, {
    mergeWithLastSubmission: false,
  });
}

const callback = provider.callback();
const server = http.createServer((req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((error) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  } else {
    callback(req, res);
  }
});
server.listen(config.port, '127.0.0.1', () => console.log(`listening ${issuer}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
