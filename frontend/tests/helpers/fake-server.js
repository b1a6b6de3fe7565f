// An in-memory stand-in for the CrampCare API, following the sync protocol in DESIGN.md closely
// enough to test the client: idempotent mutation ids, versions, field merge, per-user change
// counter, cursor pages, 410 past the tombstone horizon, cookie session with CSRF header checks.
// Like backend/sync: a pull without cursor skips tombstones; a rejected result carries the
// server's copy when the record exists; a duplicate keeps the first `original_status`;
// a check delete with fields {item_id, date} clears the day's row whatever its id, and a delete
// of a check it can't find answers `applied` without a record.
//
// server.fetch(url, init) is a drop-in fetch. Knobs for tests:
//   failNext(pathPrefix, failure)  failure: 'network' (nothing reaches the server),
//                                  'lost_reply' (applied, then the connection drops),
//                                  { status, retryAfter } (an error answer)
//   expireAccessToken(), refreshWorks = false, purgeTombstones(), seedEpisodes(n),
//   applyFromOtherDevice(mutations), beforeReply = async (request) => {}, editPullPage(page, request)
//   missingViews: Set of paths answering 404
// server.requests logs {method, path, query, body, headers, status}.

const ENTITIES = new Set(['episode', 'care_plan_item', 'check', 'profile']);
const MAX_MUTATIONS = 100;

function jsonResponse(status, body, headers = {}) {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

function clone(value) {
  return value === undefined ? undefined : structuredClone(value);
}

export function createFakeServer({ latencyMs = 1 } = {}) {
  const records = new Map(); // `${entity}:${id}` -> {entity, id, version, deleted, data, changeSeq, fieldVersions}
  const mutationResults = new Map(); // mutation_id -> result as first given
  const pendingFailures = [];
  const user = { id: 'user-1', email: 'pat@example.org', role: 'patient', display_name: 'Pat' };

  const server = {
    user,
    password: 'correct horse battery',
    records,
    requests: [],
    changeSeq: 0,
    tombstoneHorizon: 0,
    sessionValid: true,
    refreshWorks: true,
    cookies: { csrf_access_token: 'csrf-access-1', csrf_refresh_token: 'csrf-refresh-1' },
    missingViews: new Set(),
    beforeReply: null,
    editPullPage: null,
    inFlight: 0,
    maxInFlight: 0,
    readCookie: (name) => server.cookies[name] ?? null,
    failNext(pathPrefix, failure) {
      pendingFailures.push({ pathPrefix, failure });
    },
    expireAccessToken() {
      server.sessionValid = false;
    },
    purgeTombstones() {
      for (const [key, record] of records) if (record.deleted) records.delete(key);
      server.tombstoneHorizon = server.changeSeq;
    },
    record(entity, id) {
      return records.get(`${entity}:${id}`);
    },
    liveRecords(entity) {
      return [...records.values()].filter((record) => record.entity === entity && !record.deleted);
    },
    pushRequests() {
      return server.requests.filter((request) => request.path === '/api/v1/sync/push');
    },
    applyFromOtherDevice(mutations) {
      return mutations.map((mutation) =>
        applyMutation({ mutation_id: crypto.randomUUID(), base_version: null, fields: {}, ...mutation }),
      );
    },
    seedEpisodes(count) {
      for (let index = 0; index < count; index += 1) {
        server.applyFromOtherDevice([
          { entity: 'episode', op: 'upsert', id: `seed-${index}`, fields: { severity: index % 11 } },
        ]);
      }
    },
    fetch: (url, init) => handle(url, init),
  };

  function publicRecord(record) {
    return {
      entity: record.entity,
      id: record.id,
      version: record.version,
      deleted: record.deleted,
      data: record.deleted ? null : { ...clone(record.data), id: record.id, version: record.version },
    };
  }

  function touch(record) {
    server.changeSeq += 1;
    record.changeSeq = server.changeSeq;
  }

  function findCheckForSameDay(fields, { withDeleted = false } = {}) {
    for (const record of records.values()) {
      if (record.entity === 'check' && (withDeleted || !record.deleted) && record.data.item_id === fields.item_id
        && record.data.date === fields.date) return record;
    }
    return undefined;
  }

  function validate(mutation) {
    if (!ENTITIES.has(mutation.entity)) return { entity: ['Unknown entity.'] };
    if (typeof mutation.id !== 'string' || !mutation.id) return { id: ['Missing id.'] };
    const severity = mutation.fields?.severity;
    if (severity !== undefined && (severity < 0 || severity > 10)) return { severity: ['Must be 0 to 10.'] };
    return null;
  }

  function applyMutation(mutation) {
    const seen = mutationResults.get(mutation.mutation_id);
    if (seen) return { ...clone(seen), status: 'duplicate', original_status: seen.status };
    const result = decide(mutation);
    mutationResults.set(mutation.mutation_id, clone(result));
    return result;
  }

  function decide(mutation) {
    const errors = validate(mutation);
    if (errors) {
      const existing = ENTITIES.has(mutation.entity) ? server.record(mutation.entity, mutation.id) : null;
      const rejected = { mutation_id: mutation.mutation_id, status: 'rejected', errors };
      return existing ? { ...rejected, record: publicRecord(existing) } : rejected;
    }
    let record = server.record(mutation.entity, mutation.id);
    if (!record && mutation.entity === 'check' && mutation.op === 'upsert') {
      record = findCheckForSameDay(mutation.fields ?? {}); // one check per item per day
    }
    const reply = (status) => ({ mutation_id: mutation.mutation_id, status, record: publicRecord(record) });

    if (mutation.op === 'delete' && mutation.entity === 'check') {
      const { item_id: itemId, date } = mutation.fields ?? {};
      const day = { item_id: itemId, date };
      const check = itemId && date ? findCheckForSameDay(day) ?? findCheckForSameDay(day, { withDeleted: true }) : record;
      if (!check) return { mutation_id: mutation.mutation_id, status: 'applied' };
      record = check;
      if (record.deleted) return reply('applied');
    }
    if (mutation.op === 'delete') {
      if (!record) {
        record = { entity: mutation.entity, id: mutation.id, version: 0, data: {}, fieldVersions: {} };
        records.set(`${mutation.entity}:${mutation.id}`, record);
      }
      record.deleted = true;
      record.version += 1;
      touch(record);
      return reply('applied');
    }
    if (!record) {
      record = {
        entity: mutation.entity,
        id: mutation.id,
        version: 1,
        deleted: false,
        data: clone(mutation.fields),
        fieldVersions: Object.fromEntries(Object.keys(mutation.fields).map((name) => [name, 1])),
      };
      records.set(`${mutation.entity}:${mutation.id}`, record);
      touch(record);
      return reply('applied');
    }
    if (record.deleted) return reply('conflict'); // a delete beats an edit
    const base = mutation.base_version ?? 0;
    const lost = [];
    const nextVersion = record.version + 1;
    let changedAny = false;
    for (const [name, value] of Object.entries(mutation.fields)) {
      // A field changed on the server since the client's base wins; the client's value loses.
      if ((record.fieldVersions[name] ?? 0) > base) {
        lost.push(name);
        continue;
      }
      record.data[name] = clone(value);
      record.fieldVersions[name] = nextVersion;
      changedAny = true;
    }
    if (changedAny) {
      record.version = nextVersion;
      touch(record);
    }
    if (lost.length > 0) return reply('conflict');
    return reply(base < record.version - (changedAny ? 1 : 0) ? 'merged' : 'applied');
  }

  function route(method, path, query, body, headers) {
    if (path === '/api/v1/auth/login' && method === 'POST') {
      if (body.email !== user.email || body.password !== server.password) {
        return jsonResponse(401, { code: 401, message: 'Wrong email or password.' });
      }
      server.sessionValid = true;
      return jsonResponse(200, { user });
    }
    if (path === '/api/v1/auth/register' && method === 'POST') return jsonResponse(201, user);
    if (path === '/api/v1/auth/refresh' && method === 'POST') {
      if (headers['X-CSRF-TOKEN'] !== server.cookies.csrf_refresh_token || !server.refreshWorks) {
        return jsonResponse(401, { code: 401, message: 'Token has expired' });
      }
      server.sessionValid = true;
      server.cookies.csrf_access_token = `csrf-access-${crypto.randomUUID()}`;
      return jsonResponse(200, {});
    }
    // Every other route needs the access cookie, and a CSRF header on writes.
    if (!server.sessionValid) return jsonResponse(401, { code: 401, message: 'Token has expired' });
    if (method !== 'GET' && headers['X-CSRF-TOKEN'] !== server.cookies.csrf_access_token) {
      return jsonResponse(401, { code: 401, message: 'Missing CSRF token' });
    }
    if (path === '/api/v1/me' && method === 'GET') return jsonResponse(200, user);
    if (path === '/api/v1/auth/logout' && method === 'POST') {
      server.sessionValid = false;
      return jsonResponse(200, {});
    }
    if (path === '/api/v1/sync/push' && method === 'POST') {
      if (body.mutations.length > MAX_MUTATIONS) return jsonResponse(413, { code: 413, message: 'Too many.' });
      return jsonResponse(200, { results: body.mutations.map(applyMutation) });
    }
    if (path === '/api/v1/sync/pull' && method === 'GET') {
      const cursor = query.has('cursor') ? Number(query.get('cursor')) : null;
      if (cursor !== null && cursor < server.tombstoneHorizon) return jsonResponse(410, { code: 410, message: 'Gone' });
      const limit = Number(query.get('limit') ?? 500);
      const newer = [...records.values()]
        // An empty device has nothing to delete: the first pull skips tombstones.
        .filter((record) => record.changeSeq > (cursor ?? 0) && !(cursor === null && record.deleted))
        .sort((left, right) => left.changeSeq - right.changeSeq);
      const page = newer.slice(0, limit);
      return {
        status: 200,
        body: {
          changes: page.map(publicRecord),
          cursor: newer.length > limit ? page.at(-1).changeSeq : server.changeSeq,
          has_more: newer.length > limit,
        },
      };
    }
    if (server.missingViews.has(path)) return jsonResponse(404, { code: 404, message: 'Not Found' });
    if (path === '/api/v1/reference') return jsonResponse(200, { muscles: { calf: 'Calf' } });
    if (path === '/api/v1/warnings') return jsonResponse(200, [{ code: 'frequent', level: 'advice' }]);
    if (path === '/api/v1/insights') return jsonResponse(200, { days: Number(query.get('days')) });
    return jsonResponse(404, { code: 404, message: 'Not Found' });
  }

  async function handle(url, init = {}) {
    const parsed = new URL(url, 'http://crampcare.test');
    const method = (init.method ?? 'GET').toUpperCase();
    const body = init.body ? JSON.parse(init.body) : undefined;
    const headers = init.headers ?? {};
    const logged = { method, path: parsed.pathname, query: parsed.search, body, headers, credentials: init.credentials };
    server.requests.push(logged);
    server.inFlight += 1;
    server.maxInFlight = Math.max(server.maxInFlight, server.inFlight);
    try {
      // Real latency (a timer, not a microtask) so overlapping runs would really overlap.
      await new Promise((resolve) => setTimeout(resolve, latencyMs));
      const failureIndex = pendingFailures.findIndex(({ pathPrefix }) => parsed.pathname.startsWith(`/api/v1${pathPrefix}`));
      const failure = failureIndex >= 0 ? pendingFailures.splice(failureIndex, 1)[0].failure : null;
      if (failure === 'network') {
        logged.status = 'network error';
        throw new TypeError('Failed to fetch');
      }
      if (failure && failure.status) {
        // An error answer from in front of the app (proxy, limiter): nothing was applied.
        logged.status = failure.status;
        const retryHeaders = failure.retryAfter ? { 'Retry-After': String(failure.retryAfter) } : {};
        return jsonResponse(failure.status, { code: failure.status, message: 'Try later' }, retryHeaders);
      }
      let answer = route(method, parsed.pathname, parsed.searchParams, body, headers);
      if (!(answer instanceof Response)) {
        const page = server.editPullPage ? server.editPullPage(answer.body, logged) : answer.body;
        answer = jsonResponse(answer.status, page);
      }
      if (server.beforeReply) await server.beforeReply(logged);
      if (failure === 'lost_reply') {
        logged.status = 'lost reply';
        throw new TypeError('Failed to fetch');
      }
      logged.status = answer.status;
      return answer;
    } finally {
      server.inFlight -= 1;
    }
  }

  return server;
}
