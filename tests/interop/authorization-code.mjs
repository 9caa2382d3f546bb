#!/usr/bin/env node
// The authorization code flow against an Aims silo, with oauth4webapi (panva) and jose as the client, libraries
// nobody in this repository wrote:
//   discovery (RFC 8414) -> authorization request with PKCE S256 (RFC 7636) and a resource (RFC 8707)
//   -> the user signs in and allows on the login and consent pages, driven here as plain HTML form posts
//      (fetch, a cookie jar, no browser) -> authorization response checked with iss (RFC 9207)
//   -> code redeemed with PKCE and private_key_jwt (RFC 7523 §2.2, the agent's own key)
//   -> access token verified against jwks_uri as an RFC 9068 at+jwt -> refresh (rotation)
//   -> the rotated-out refresh token used again must fail with invalid_grant.
//
//   node authorization-code.mjs '<json config>'
//   config: { "issuer", "client_id", "private_key_pem" (PKCS#8, P-256), "kid", "redirect_uri",
//             "username", "password", "scope", "resource" }
//
// Prints one JSON line: {"ok":true, ...steps} (exit 0) or {"ok":false,"step":...,"error":...} (exit 1).

import * as oauth from 'oauth4webapi';
import { createRemoteJWKSet, importPKCS8, jwtVerify } from 'jose';

let step = 'args';

function print(obj) {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

// ---------------------------------------------------------------------------------------------
// A user agent small enough to read: cookies by name, forms by id, redirects followed by hand so
// that the one to the client's redirect_uri is captured instead of followed.
// ---------------------------------------------------------------------------------------------
class UserAgent {
  #cookies = new Map();

  async request(url, init = {}) {
    const headers = new Headers(init.headers);
    headers.set('accept', 'text/html');
    if (this.#cookies.size) {
      headers.set('cookie', [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    }
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const eq = pair.indexOf('=');
      if (eq > 0) this.#cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    return response;
  }

  // GETs url and follows redirects inside the server until a page answers 200.
  async page(url, redirectUri) {
    let response = await this.request(url);
    for (let hops = 0; isRedirect(response) && hops < 5; hops++) {
      const next = new URL(response.headers.get('location'), url);
      if (next.href.startsWith(redirectUri)) return { redirect: next };
      response = await this.request(next);
      url = next;
    }
    return this.#html(response, url);
  }

  // Submits a form with extra fields; answers either the next page or the redirect to redirectUri.
  async submit(form, fields, redirectUri) {
    const body = new URLSearchParams(form.fields);
    for (const [name, value] of Object.entries(fields)) body.set(name, value);
    const response = await this.request(form.action, {
      method: form.method,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    if (isRedirect(response)) {
      const next = new URL(response.headers.get('location'), form.action);
      return next.href.startsWith(redirectUri) ? { redirect: next } : this.page(next, redirectUri);
    }
    return this.#html(response, form.action);
  }

  async #html(response, url) {
    const html = await response.text();
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${html.slice(0, 300)}`);
    return { url: new URL(url), html };
  }
}

function isRedirect(response) {
  return response.status >= 300 && response.status < 400 && response.headers.has('location');
}

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text) {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, e) => {
    if (e[0] !== '#') return ENTITIES[e.toLowerCase()] ?? whole;
    return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

function attributes(tag) {
  const found = {};
  for (const m of tag.matchAll(/([^\s"'<>\/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g)) {
    found[m[1].toLowerCase()] = decode(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return found;
}

// The form with this id: its action (absolute), method, the name/value of every input, and its buttons by id.
function readForm(page, id) {
  for (const m of page.html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const form = attributes(m[1]);
    if (form.id !== id) continue;
    const fields = [];
    for (const input of m[2].matchAll(/<input\b([^>]*)>/gi)) {
      const a = attributes(input[1]);
      if (a.name && !['submit', 'button', 'image', 'reset'].includes((a.type ?? '').toLowerCase())) fields.push([a.name, a.value ?? '']);
    }
    const buttons = {};
    for (const button of m[2].matchAll(/<button\b([^>]*)>/gi)) {
      const a = attributes(button[1]);
      if (a.id) buttons[a.id] = a;
    }
    return {
      action: new URL(form.action || page.url.href, page.url).href,
      method: (form.method || 'get').toUpperCase(),
      fields,
      buttons,
    };
  }
  throw new Error(`no <form id="${id}"> on ${page.url.href}: ${page.html.slice(0, 300)}`);
}

function claimsOf(jwt) {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
}

try {
  const config = JSON.parse(process.argv[2] ?? '');
  const insecure = { [oauth.allowInsecureRequests]: true };
  const issuer = new URL(config.issuer);

  step = 'discovery';
  const as = await oauth.processDiscoveryResponse(
    issuer,
    await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }),
  );

  // The agent signs its own client assertions with the key its X509-SVID was issued for.
  const client = { client_id: config.client_id };
  const key = await importPKCS8(config.private_key_pem, 'ES256');
  const clientAuth = oauth.PrivateKeyJwt({ key, kid: config.kid });

  step = 'authorization-request';
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const authorizationUrl = new URL(as.authorization_endpoint);
  for (const [name, value] of Object.entries({
    response_type: 'code',
    client_id: config.client_id,
    redirect_uri: config.redirect_uri,
    scope: config.scope,
    state,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    resource: config.resource,
  })) {
    authorizationUrl.searchParams.set(name, value);
  }

  const user = new UserAgent();
  step = 'login-page';
  const loginPage = await user.page(authorizationUrl, config.redirect_uri);
  if (loginPage.redirect) throw new Error(`redirected before login: ${loginPage.redirect.href}`);

  step = 'login';
  const consentPage = await user.submit(
    readForm(loginPage, 'login'), { username: config.username, password: config.password }, config.redirect_uri);
  if (consentPage.redirect) throw new Error(`redirected instead of the consent page: ${consentPage.redirect.href}`);

  step = 'consent';
  const consent = readForm(consentPage, 'consent');
  const allow = consent.buttons.allow;
  if (!allow?.name) throw new Error('the consent form has no named button#allow');
  const answer = await user.submit(consent, { [allow.name]: allow.value ?? '' }, config.redirect_uri);
  if (!answer.redirect) throw new Error(`no redirect to ${config.redirect_uri} after consent: ${answer.html?.slice(0, 300)}`);

  step = 'authorization-response';
  const callbackParameters = oauth.validateAuthResponse(as, client, answer.redirect, state);

  step = 'token';
  const tokens = await oauth.processAuthorizationCodeResponse(
    as,
    client,
    await oauth.authorizationCodeGrantRequest(as, client, clientAuth, callbackParameters, config.redirect_uri, verifier, insecure),
  );

  step = 'verify';
  const jwks = createRemoteJWKSet(new URL(as.jwks_uri));
  const verifyOptions = {
    typ: 'at+jwt',
    issuer: as.issuer,
    audience: config.resource,
    algorithms: ['ES256', 'ES384', 'ES512'],
    requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat', 'jti', 'client_id'],
  };
  const { payload, protectedHeader } = await jwtVerify(tokens.access_token, jwks, verifyOptions);

  step = 'refresh';
  const refreshed = await oauth.processRefreshTokenResponse(
    as, client, await oauth.refreshTokenGrantRequest(as, client, clientAuth, tokens.refresh_token, insecure));

  step = 'verify-refreshed';
  const { payload: refreshedPayload } = await jwtVerify(refreshed.access_token, jwks, verifyOptions);

  step = 'reuse-refresh-token';
  let reuse;
  try {
    await oauth.processRefreshTokenResponse(
      as, client, await oauth.refreshTokenGrantRequest(as, client, clientAuth, tokens.refresh_token, insecure));
    reuse = { error: null };
  } catch (e) {
    if (!(e instanceof oauth.ResponseBodyError)) throw e;
    reuse = { error: e.error, error_description: e.error_description };
  }

  print({
    ok: true,
    metadata: {
      issuer: as.issuer,
      authorization_endpoint: as.authorization_endpoint,
      grant_types_supported: as.grant_types_supported,
      code_challenge_methods_supported: as.code_challenge_methods_supported,
      authorization_response_iss_parameter_supported: as.authorization_response_iss_parameter_supported,
    },
    authorization_response: {
      iss: callbackParameters.get('iss'),
      state_matched: callbackParameters.get('state') === state,
    },
    token: {
      token_type: tokens.token_type,
      expires_in: tokens.expires_in,
      scope: tokens.scope,
      has_refresh_token: typeof tokens.refresh_token === 'string',
    },
    header: protectedHeader,
    claims: payload,
    refreshed: {
      claims: refreshedPayload,
      refresh_token_rotated: typeof refreshed.refresh_token === 'string' && refreshed.refresh_token !== tokens.refresh_token,
      jti_changed: refreshedPayload.jti !== payload.jti,
    },
    reuse,
  });
} catch (e) {
  print({
    ok: false,
    step,
    error: String(e?.message ?? e),
    code: e?.code,
    oauth_error: e?.error,
    error_description: e?.error_description,
    cause: e?.cause ? String(e.cause?.message ?? JSON.stringify(e.cause)) : undefined,
  });
  process.exitCode = 1;
}
