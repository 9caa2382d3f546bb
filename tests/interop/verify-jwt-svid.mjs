#!/usr/bin/env node
// Verifies a JWT-SVID (or, with --typ wit+jwt, a WIT-SVID) against a SPIFFE trust bundle using
// `jose` (panva/jose), a JOSE implementation nobody in this repository wrote.
//
//   node verify-jwt-svid.mjs <bundle-url-or-file> <token> <audience>
//   node verify-jwt-svid.mjs --typ wit+jwt <bundle-url-or-file> <token>
//
// <bundle-url-or-file>: an http(s) URL (e.g. http://127.0.0.1:5080/spiffe/bundle), a path to a
// file holding the bundle JSON, or the JSON text itself. For an https URL with a private CA, set
// NODE_EXTRA_CA_CERTS.
//
// Options:
//   --typ <media type>        only "wit+jwt" is recognised: verify a WIT-SVID (keys with
//                             use "wit-svid", typ header must be wit+jwt, no aud allowed,
//                             cnf.jwk required). Without it: a JWT-SVID (keys with use "jwt-svid").
//   --current-date <when>     validate exp/nbf against this instant (RFC 3339 or Unix seconds)
//                             instead of the clock, for tests that use fake time.
//
// Prints exactly one JSON line on stdout:
//   {"ok":true,"sub":...,"aud":...,"header":{...},"payload":{...}}            exit 0
//   {"ok":true,"sub":...,"cnf":{...},"header":{...},"payload":{...}}          exit 0 (WIT)
//   {"ok":false,"error":"...","code":"ERR_..."}                               exit 1
// Usage errors exit 2 (also with an {"ok":false,...} line).
//
// The rules checked beyond jose's own (signature, exp, nbf, aud) are those of the SPIFFE
// JWT-SVID.md and WIT-SVID.md texts: the 9-value alg allow-list, typ, kid, a spiffe:// sub.

import { readFile } from 'node:fs/promises';
import { createLocalJWKSet, jwtVerify } from 'jose';

// JWT-SVID.md §2.1 / WIT-SVID.md §2.3: RFC 7518 §3.3, §3.4, §3.5. Nothing else (no EdDSA, HS*, none).
const SVID_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512'];
const WIT_TYP = 'wit+jwt';

class UsageError extends Error {}
class SvidError extends Error {
  constructor(message, code = 'ERR_SVID_INVALID') {
    super(message);
    this.code = code;
  }
}

function parseArgs(argv) {
  const positional = [];
  let typ;
  let currentDate;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--typ' || a === '--current-date') {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      if (a === '--typ') typ = v;
      else currentDate = v;
    } else if (a.startsWith('--typ=')) {
      typ = a.slice('--typ='.length);
    } else if (a.startsWith('--current-date=')) {
      currentDate = a.slice('--current-date='.length);
    } else if (a === '--help' || a === '-h') {
      throw new UsageError('usage: verify-jwt-svid.mjs [--typ wit+jwt] [--current-date <when>] <bundle-url-or-file> <token> [<audience>]');
    } else {
      positional.push(a);
    }
  }
  if (typ !== undefined && typ !== WIT_TYP)
    throw new UsageError(`--typ: only "${WIT_TYP}" is supported, got "${typ}"`);
  const wit = typ === WIT_TYP;
  if (wit ? positional.length !== 2 : positional.length !== 3)
    throw new UsageError(wit
      ? 'usage: verify-jwt-svid.mjs --typ wit+jwt <bundle-url-or-file> <token>   (a WIT has no audience)'
      : 'usage: verify-jwt-svid.mjs <bundle-url-or-file> <token> <audience>');
  const [bundle, token, audience] = positional;
  if (!wit && !audience) throw new UsageError('the audience must not be empty');
  return { bundle, token: token.trim(), audience, wit, currentDate: parseDate(currentDate) };
}

function parseDate(s) {
  if (s === undefined) return undefined;
  const d = /^\d+$/.test(s) ? new Date(Number(s) * 1000) : new Date(s);
  if (Number.isNaN(d.getTime())) throw new UsageError(`--current-date: not a date: ${s}`);
  return d;
}

async function loadBundle(source) {
  let text;
  if (/^https?:\/\//i.test(source)) {
    const res = await fetch(source, { headers: { accept: 'application/json' } });
    if (!res.ok) throw new SvidError(`GET ${source} returned HTTP ${res.status}`, 'ERR_BUNDLE_FETCH');
    text = await res.text();
  } else if (source.trimStart().startsWith('{')) {
    text = source;
  } else {
    text = await readFile(source, 'utf8');
  }
  let bundle;
  try {
    bundle = JSON.parse(text);
  } catch (e) {
    throw new SvidError(`the bundle is not JSON: ${e.message}`, 'ERR_BUNDLE_INVALID');
  }
  if (!bundle || typeof bundle !== 'object' || !Array.isArray(bundle.keys))
    throw new SvidError('the bundle is not a JWK Set (no "keys" array)', 'ERR_BUNDLE_INVALID');
  return bundle;
}

// Bundle consumers "MUST extract the JWT-SVID specific keys before using them for validation".
// jose only accepts keys whose "use" is absent or "sig", so the SPIFFE "use" is dropped after filtering.
function svidKeySet(bundle, use) {
  const keys = bundle.keys
    .filter((k) => k && typeof k === 'object' && k.use === use)
    .map(({ use: _use, ...rest }) => rest);
  if (keys.length === 0) throw new SvidError(`the bundle has no keys with use "${use}"`, 'ERR_BUNDLE_NO_KEYS');
  return { keys };
}

function isSpiffeId(s) {
  return typeof s === 'string' && s.length <= 2048 &&
    /^spiffe:\/\/[a-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(s) && !/\/\.\.?(\/|$)/.test(s);
}

async function verify({ bundle: source, token, audience, wit, currentDate }) {
  const bundle = await loadBundle(source);
  const jwks = createLocalJWKSet(svidKeySet(bundle, wit ? 'wit-svid' : 'jwt-svid'));
  const options = {
    algorithms: SVID_ALGORITHMS,
    requiredClaims: ['sub', 'exp'],
    ...(wit ? {} : { audience }),
    ...(currentDate ? { currentDate } : {}),
  };
  const { payload, protectedHeader: header } = await jwtVerify(token, jwks, options);

  if (typeof header.kid !== 'string' || header.kid === '')
    throw new SvidError('token header missing key id', 'ERR_SVID_KID');
  if (!isSpiffeId(payload.sub))
    throw new SvidError(`token has an invalid subject claim: ${JSON.stringify(payload.sub)}`, 'ERR_SVID_SUB');

  if (!wit) {
    if (header.typ !== undefined && header.typ !== 'JWT' && header.typ !== 'JOSE')
      throw new SvidError('token header type not equal to either JWT or JOSE', 'ERR_SVID_TYP');
    return { ok: true, sub: payload.sub, aud: payload.aud, header, payload };
  }

  // Checked here rather than with jose's `typ` option, which ignores case and accepts an "application/"
  // prefix; WIT-SVID.md says the value is exactly "wit+jwt".
  if (header.typ !== WIT_TYP)
    throw new SvidError(`token header type must be "${WIT_TYP}", got "${header.typ ?? ''}"`, 'ERR_SVID_TYP');
  if (payload.aud !== undefined) throw new SvidError('WIT-SVID must not contain aud claim', 'ERR_SVID_AUD');
  const cnf = payload.cnf;
  if (cnf === undefined) throw new SvidError('token missing cnf claim', 'ERR_SVID_CNF');
  if (!cnf || typeof cnf !== 'object' || Array.isArray(cnf)) throw new SvidError('cnf claim is not an object', 'ERR_SVID_CNF');
  if (cnf.jwk === undefined) throw new SvidError('cnf claim missing jwk field', 'ERR_SVID_CNF');
  const jwk = cnf.jwk;
  if (!jwk || typeof jwk !== 'object' || Array.isArray(jwk)) throw new SvidError('cnf.jwk is not an object', 'ERR_SVID_CNF');
  if (jwk.alg === undefined) throw new SvidError('cnf.jwk missing alg field', 'ERR_SVID_CNF');
  if (typeof jwk.alg !== 'string') throw new SvidError('cnf.jwk alg field is not a string', 'ERR_SVID_CNF');
  if (!SVID_ALGORITHMS.includes(jwk.alg)) throw new SvidError(`cnf.jwk alg "${jwk.alg}" is not supported`, 'ERR_SVID_CNF');
  if (jwk.kty === 'oct' || ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'].some((m) => m in jwk))
    throw new SvidError('cnf.jwk must be a public key', 'ERR_SVID_CNF');
  return { ok: true, sub: payload.sub, cnf, header, payload };
}

function fail(error, exitCode) {
  const line = { ok: false, error: error?.message ?? String(error) };
  if (error?.code) line.code = error.code;
  if (error?.claim) line.claim = error.claim;
  process.stdout.write(JSON.stringify(line) + '\n');
  process.exitCode = exitCode;
}

let args;
try {
  args = parseArgs(process.argv.slice(2));
} catch (e) {
  fail(e, 2);
}
if (args) {
  try {
    process.stdout.write(JSON.stringify(await verify(args)) + '\n');
    process.exitCode = 0;
  } catch (e) {
    fail(e, 1);
  }
}
