#!/usr/bin/env node
// A client_credentials round trip against an Aims silo using oauth4webapi (panva) and jose, libraries
// nobody in this repository wrote:
//   discovery (RFC 8414) -> token request with a JWT-SVID as client_assertion (RFC 7523 §2.2)
//   -> verify the access token against jwks_uri as an RFC 9068 at+jwt -> introspect (RFC 7662)
//   -> revoke (RFC 7009) -> introspect again.
//
//   node oauth-client-credentials.mjs '<json config>'
//   config: { "issuer", "client_id", "assertion", "resource", "scope", "operator_token" }
//
// Introspection and revocation authenticate with the operator token as a Bearer header, set by a ClientAuth function (mTLS from
// node is out of scope here). Prints one JSON line: {"ok":true, ...steps} (exit 0) or
// {"ok":false,"step":...,"error":...} (exit 1).

import * as oauth from 'oauth4webapi';
import { createRemoteJWKSet, jwtVerify } from 'jose';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
let step = 'args';

function print(obj) {
  process.stdout.write(JSON.stringify(obj) + '\n');
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

  // oauth4webapi's PrivateKeyJwt signs its own assertion; a JWT-SVID is minted by the trust domain,
  // so a ClientAuth function puts the ready-made assertion into the body.
  const client = { client_id: config.client_id };
  const svidAssertion = (_as, _client, body) => {
    body.set('client_id', config.client_id);
    body.set('client_assertion_type', JWT_BEARER);
    body.set('client_assertion', config.assertion);
  };

  step = 'token';
  const params = new URLSearchParams({ resource: config.resource });
  if (config.scope) params.set('scope', config.scope);
  const tokenResponse = await oauth.processClientCredentialsResponse(
    as,
    client,
    await oauth.clientCredentialsGrantRequest(as, client, svidAssertion, params, insecure),
  );

  step = 'verify';
  const jwks = createRemoteJWKSet(new URL(as.jwks_uri));
  const { payload, protectedHeader } = await jwtVerify(tokenResponse.access_token, jwks, {
    typ: 'at+jwt',
    issuer: as.issuer,
    audience: config.resource,
    algorithms: ['ES256', 'ES384', 'ES512'],
    requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat', 'jti', 'client_id'],
  });

  // oauth4webapi refuses an Authorization header in options.headers; a ClientAuth function may set it.
  const operator = insecure;
  const operatorAuth = (_as, _client, _body, headers) => {
    headers.set('authorization', `Bearer ${config.operator_token}`);
  };

  step = 'introspect';
  const before = await oauth.processIntrospectionResponse(
    as, client, await oauth.introspectionRequest(as, client, operatorAuth, tokenResponse.access_token, operator));

  step = 'revoke';
  await oauth.processRevocationResponse(
    await oauth.revocationRequest(as, client, operatorAuth, tokenResponse.access_token, operator));

  step = 'introspect-after-revoke';
  const after = await oauth.processIntrospectionResponse(
    as, client, await oauth.introspectionRequest(as, client, operatorAuth, tokenResponse.access_token, operator));

  print({
    ok: true,
    metadata: {
      issuer: as.issuer,
      token_endpoint: as.token_endpoint,
      jwks_uri: as.jwks_uri,
      grant_types_supported: as.grant_types_supported,
    },
    token: {
      token_type: tokenResponse.token_type,
      expires_in: tokenResponse.expires_in,
      scope: tokenResponse.scope,
    },
    header: protectedHeader,
    claims: payload,
    introspection_before: before,
    introspection_after: after,
  });
} catch (e) {
  print({ ok: false, step, error: String(e?.message ?? e), code: e?.code, cause: e?.cause ? String(e.cause?.message ?? JSON.stringify(e.cause)) : undefined });
  process.exitCode = 1;
}
