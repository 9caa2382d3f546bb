#!/usr/bin/env node
// An SSF 1.0 receiver written with `jose` (panva/jose), which nobody in this repository wrote: it discovers the
// transmitter, creates a poll stream, has the operator compromise an agent, polls the SETs and verifies each one
// against the transmitter's jwks_uri, checking typ, iss, aud, sub_id and the event URI, then acknowledges them.
//
//   node ssf-receiver.mjs <issuer> <ssf-access-token> <agent-spiffe-id> <operator-token>
//
// Prints exactly one JSON line on stdout: {"ok":true,"stream":{...},"sets":[{header,payload}...]} (exit 0)
// or {"ok":false,"error":"..."} (exit 1).

import { createRemoteJWKSet, jwtVerify, decodeProtectedHeader } from 'jose';

const COMPROMISE = 'https://schemas.openid.net/secevent/risc/event-type/credential-compromise';

function fail(error) {
  console.log(JSON.stringify({ ok: false, error }));
  process.exit(1);
}

async function call(url, { method = 'GET', token, body } = {}) {
  const response = await fetch(url, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null, text };
}

const [issuer, ssfToken, agent, operatorToken] = process.argv.slice(2);
if (!issuer || !ssfToken || !agent || !operatorToken) {
  console.log(JSON.stringify({ ok: false, error: 'usage: ssf-receiver.mjs <issuer> <ssf-token> <agent> <operator-token>' }));
  process.exit(2);
}

try {
  const configuration = await call(`${issuer}/.well-known/ssf-configuration`);
  if (configuration.status !== 200) fail(`ssf-configuration answered ${configuration.status}`);
  if (configuration.json.issuer !== issuer) fail(`ssf-configuration issuer ${configuration.json.issuer} is not ${issuer}`);
  const jwks = createRemoteJWKSet(new URL(configuration.json.jwks_uri));

  const created = await call(configuration.json.configuration_endpoint, { method: 'POST', token: ssfToken, body: { events_requested: [COMPROMISE] } });
  if (created.status !== 201) fail(`create stream answered ${created.status}: ${created.text}`);
  const stream = created.json;
  if (stream.iss !== issuer) fail(`stream iss ${stream.iss} is not ${issuer}`);
  if (stream.delivery?.method !== 'urn:ietf:rfc:8936') fail(`stream delivery is ${JSON.stringify(stream.delivery)}`);

  const compromised = await call(`${issuer}/v1/agents/${encodeURIComponent(agent)}/compromise`, { method: 'POST', token: operatorToken, body: { reason: 'jose receiver interop' } });
  if (compromised.status !== 200) fail(`compromise answered ${compromised.status}: ${compromised.text}`);

  const polled = await call(stream.delivery.endpoint_url, { method: 'POST', token: ssfToken, body: { returnImmediately: false, maxEvents: 10 } });
  if (polled.status !== 200) fail(`poll answered ${polled.status}: ${polled.text}`);
  const entries = Object.entries(polled.json.sets ?? {});
  if (entries.length === 0) fail('the poll returned no SET');

  const verified = [];
  for (const [jti, set] of entries) {
    const header = decodeProtectedHeader(set);
    const { payload } = await jwtVerify(set, jwks, { issuer, audience: stream.aud, typ: 'secevent+jwt', algorithms: ['ES256', 'ES384'] });
    if (payload.jti !== jti) fail(`SET keyed ${jti} has jti ${payload.jti}`);
    if ('sub' in payload || 'exp' in payload) fail('an SSF SET must not carry sub or exp');
    const events = Object.keys(payload.events ?? {});
    if (events.length !== 1) fail(`SET ${jti} has ${events.length} events`);
    verified.push({ header, payload });
  }

  const mine = verified.find(s => s.payload.sub_id?.format === 'uri' && s.payload.sub_id?.uri === agent && COMPROMISE in s.payload.events);
  if (!mine) fail(`no credential-compromise SET about ${agent} among ${JSON.stringify(verified.map(s => s.payload))}`);

  const acked = await call(stream.delivery.endpoint_url, { method: 'POST', token: ssfToken, body: { ack: entries.map(([jti]) => jti), returnImmediately: true } });
  if (acked.status !== 200 || Object.keys(acked.json.sets ?? {}).length !== 0) fail(`after the ack the poll still returned ${acked.text}`);

  console.log(JSON.stringify({ ok: true, stream, sets: verified }));
} catch (e) {
  fail(`${e.code ?? e.name}: ${e.message}`);
}
