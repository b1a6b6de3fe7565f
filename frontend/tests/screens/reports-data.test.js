import { describe, expect, it } from 'vitest';
import { createDownloader, reportPath, reportPeriod } from '../../src/data/reports.js';
import { ApiError } from '../../src/api.js';
import { NotSharedError } from '../../src/data/care-team.js';

describe('report paths and periods', () => {
  it('asks for the patient’s own report, or a shared patient’s', () => {
    expect(reportPath()).toBe('/me/report.pdf');
    expect(reportPath({ from: '2026-10-05', to: '2026-11-01' })).toBe('/me/report.pdf?from=2026-10-05&to=2026-11-01');
    expect(reportPath({ patientId: 'abc' })).toBe('/patients/abc/report.pdf');
  });

  it('counts the period back from today, today included', () => {
    expect(reportPeriod(28, '2026-11-01')).toEqual({ from: '2026-10-05', to: '2026-11-01' });
  });
});

describe('downloading a file', () => {
  const ok = (body, headers = {}) => ({ ok: true, status: 200, headers: new Headers(headers), blob: async () => body });

  it('checks the session first, then saves the file under the server’s name', async () => {
    const calls = [];
    const saved = [];
    const download = createDownloader({
      request: async (path) => calls.push(path),
      fetchImpl: async (url) => {
        calls.push(url);
        return ok('pdf', { 'Content-Disposition': 'attachment; filename="crampcare-report-a-to-b.pdf"' });
      },
      saveFile: (blob, name) => saved.push([blob, name]),
    });
    expect(await download('/me/report.pdf', 'fallback.pdf')).toBe('crampcare-report-a-to-b.pdf');
    expect(calls).toEqual(['/me', '/api/v1/me/report.pdf']);
    expect(saved).toEqual([['pdf', 'crampcare-report-a-to-b.pdf']]);
  });

  it('turns a 404 on a patient into NotSharedError and other refusals into ApiError', async () => {
    const refuse = (status) =>
      createDownloader({
        request: async () => null,
        fetchImpl: async () => ({ ok: false, status, json: async () => ({ message: 'no' }) }),
        saveFile: () => {},
      });
    await expect(refuse(404)('/patients/x/report.pdf')).rejects.toBeInstanceOf(NotSharedError);
    await expect(refuse(422)('/me/report.pdf')).rejects.toBeInstanceOf(ApiError);
  });
});
