// reports.js: the visit report (PDF) and the exports, downloaded from the server as files.
// Nothing is kept on the device: the file goes straight to the browser's downloads.
//
//   REPORT_PERIODS -> [{value, label, days}]        the choices offered, 28 nights first
//   reportPeriod(days, today) -> {from, to}         `days` nights ending `today` ('YYYY-MM-DD')
//   reportPath({patientId?, from?, to?}) -> '/me/report.pdf?...' or '/patients/<id>/report.pdf?...'
//   downloadReport({patientId?, days?, today?}) -> Promise<filename>
//       throws NetworkError (offline), NotSharedError (404 for a clinician), SessionEndedError, ApiError
//   createDownloader({request, fetchImpl, saveFile}) -> downloadFile(path) (tests)
//
// api.js reads JSON, and a report is a binary file, so the file itself is fetched here, once the
// signed-in request helper has made sure the session is fresh (it refreshes on 401): the
// download then carries a valid cookie, like any other API call.

import { ApiError, NetworkError, API_PREFIX, apiFetch } from '../api.js';
import { refresh } from '../auth.js';
import { createSessionRequest, tabLocks } from '../session-request.js';
import { NotSharedError } from './care-team.js';
import { addDays, localDate } from './time.js';

export const REPORT_PERIODS = [
  { value: '28', label: 'Last 4 weeks', days: 28 },
  { value: '91', label: 'Last 3 months', days: 91 },
  { value: '182', label: 'Last 6 months', days: 182 },
  { value: '365', label: 'Last year', days: 365 },
];

export function reportPeriod(days, today) {
  return { from: addDays(today, -(days - 1)), to: today };
}

export function reportPath({ patientId, from, to } = {}) {
  const base = patientId ? `/patients/${encodeURIComponent(patientId)}/report.pdf` : '/me/report.pdf';
  const query = new URLSearchParams();
  if (from) query.set('from', from);
  if (to) query.set('to', to);
  const text = query.toString();
  return text ? `${base}?${text}` : base;
}

function filenameFrom(response, fallback) {
  const match = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '');
  return match ? match[1] : fallback;
}

function saveWithLink(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function createDownloader({ request, fetchImpl, saveFile = saveWithLink } = {}) {
  return async function downloadFile(path, fallbackName) {
    await request('/me'); // refreshes the session first when it has expired
    const doFetch = fetchImpl || globalThis.fetch.bind(globalThis);
    let response;
    try {
      response = await doFetch(`${API_PREFIX}${path}`, { credentials: 'same-origin', cache: 'no-store' });
    } catch (error) {
      throw new NetworkError(error);
    }
    if (!response.ok) {
      const body = await response.json().catch(() => null);
      if (response.status === 404 && path.startsWith('/patients/')) throw new NotSharedError();
      throw new ApiError(response.status, body);
    }
    const filename = filenameFrom(response, fallbackName);
    saveFile(await response.blob(), filename);
    return filename;
  };
}

const downloadFile = createDownloader({
  request: createSessionRequest({ request: apiFetch, refreshSession: refresh, locks: tabLocks() }),
});

export async function downloadReport({ patientId, days, today } = {}) {
  const period = days ? reportPeriod(days, today ?? localDate()) : {};
  return downloadFile(reportPath({ patientId, ...period }), 'crampcare-report.pdf');
}
