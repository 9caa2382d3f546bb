#!/usr/bin/env node
// Identity chaining (draft-ietf-oauth-identity-chaining) between two Aims fabrics, driven by oauth4webapi (panva) and
// jose, libraries nobody in this repository wrote:
//   discovery of A (RFC 8414; identity_chaining_requested_token_types_supported)
//   -> token exchange at A (RFC 8693) for a JWT authorization grant, audience = B's issuer
//   -> jose verifies the grant against A's jwks_uri (typ JWT, iss A, aud B)
//   -> discovery of B -> jwt-bearer grant at B (RFC 7523 §2.1) with the grant, no client authentication
//   -> jose verifies B's access token against B's jwks_uri as an RFC 9068 at+jwt.
//
//   node identity-chaining.mjs '<json config>'
//   config: { "issuer_a", "issuer_b", "client_id", "assertion", "subject_token", "resource_b" }
//
// Prints one JSON line: {"ok":true, ...steps} (exit 0) or {"ok":false,"step":...,"error":...} (exit 1).

import * as oauth from 'oauth4webapi';
import { createRemoteJWKSet, jwtVerify } from 'jose';

const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const JWT_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:jwt';
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
let step = 'args';

function print(obj) {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

async function discover(issuerUrl) {
  const issuer = new URL(issuerUrl);
  return oauth.processDiscoveryResponse(
    issuer,
    await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', [oauth.allowInsecureRequests]: true }),
  );
}

try {
  const config = JSON.parse(process.argv[2] ?? '');
  const insecure = { [oauth.allowInsecureRequests]: true };

  step = 'discovery-a';
  const asA = await discover(config.issuer_a);

  // The agent authenticates at A with its JWT-SVID, a ready-made assertion oauth4webapi does not sign itself.
  step = 'exchange-at-a';
  const client = { client_id: config.client_id };
  const svidAssertion = (_as, _client, body) => {
    body.set('client_id', config.client_id);
    body.set('client_assertion_type', JWT_BEARER_ASSERTION);
    body.set('client_assertion', config.assertion);
  };
  const exchange = await oauth.processGenericTokenEndpointResponse(
    asA,
    client,
    await oauth.genericTokenEndpointRequest(asA, client, svidAssertion, TOKEN_EXCHANGE, new URLSearchParams({
      subject_token: config.subject_token,
      subject_token_type: ACCESS_TOKEN_TYPE,
      requested_token_type: JWT_TOKEN_TYPE,
      audience: config.issuer_b,
    }), insecure),
    // RFC 8693 §2.2.1: the grant is not an access token, so its token_type is N_A.
    { recognizedTokenTypes: { n_a: () => {} } },
  );

  step = 'verify-grant';
  const grant = await jwtVerify(exchange.access_token, createRemoteJWKSet(new URL(asA.jwks_uri)), {
    typ: 'JWT',
    issuer: asA.issuer,
    audience: config.issuer_b,
    algorithms: ['ES256'],
    requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat', 'jti'],
  });

  step = 'discovery-b';
  const asB = await discover(config.issuer_b);

  // RFC 7523 §3.1: client authentication is optional for the grant; none is sent (not even client_id).
  step = 'jwt-bearer-at-b';
  const noClientAuthentication = () => {};
  const token = await oauth.processGenericTokenEndpointResponse(
    asB,
    { client_id: grant.payload.sub },
    await oauth.genericTokenEndpointRequest(asB, { client_id: grant.payload.sub }, noClientAuthentication, JWT_BEARER_GRANT,
      new URLSearchParams({ assertion: exchange.access_token, resource: config.resource_b }), insecure),
  );

  step = 'verify-access-token-b';
  const accessToken = await jwtVerify(token.access_token, createRemoteJWKSet(new URL(asB.jwks_uri)), {
    typ: 'at+jwt',
    issuer: asB.issuer,
    audience: config.resource_b,
    algorithms: ['ES256'],
    requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat', 'jti', 'client_id'],
  });

  print({
    ok: true,
    chaining_token_types: asA.identity_chaining_requested_token_types_supported,
    exchange: {
      issued_token_type: exchange.issued_token_type,
      token_type: exchange.token_type,
      expires_in: exchange.expires_in,
      scope: exchange.scope,
    },
    grant_header: grant.protectedHeader,
    grant_claims: grant.payload,
    token: { token_type: token.token_type, scope: token.scope, refresh_token: token.refresh_token ?? null },
    access_token_claims: accessToken.payload,
  });
} catch (e) {
  print({ ok: false, step, error: String(e?.message ?? e), code: e?.code, cause: e?.cause ? String(e.cause?.message ?? JSON.stringify(e.cause)) : undefined });
  process.exitCode = 1;
}
