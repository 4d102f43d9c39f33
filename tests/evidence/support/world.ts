import type { AppConfig } from '@duban/config';
import { request, startIsolatedApi, type JsonResponse, type TestApi } from '../../support/api';
import { createUnit, signedIn, withAuth } from '../../support/auth';
import { createAssignment, createTask, type TaskFixture } from './factories';

export interface Person {
  id: string;
  token: string;
}

/**
 * A department (基教科) owning a task assigned to a school, plus a second school that must see
 * nothing: the cast of every evidence test.
 */
export interface World {
  api: TestApi;
  departmentId: string;
  schoolId: string;
  otherSchoolId: string;
  head: Person;
  member: Person;
  otherMember: Person;
  leader: Person;
  admin: Person;
  close(): Promise<void>;
}

/**
 * An API on its own database and storage folder: other suites count every assignment or every
 * stored file they can see.
 */
export async function startEvidenceApi(overrides: Partial<AppConfig> = {}): Promise<{ api: TestApi; close(): Promise<void> }> {
  const api = await startIsolatedApi(overrides);
  return { api, close: () => api.close() };
}

export async function createWorld(overrides: Partial<AppConfig> = {}): Promise<World> {
  const { api, close } = await startEvidenceApi(overrides);
  const department = await createUnit(api.db, { type: 'department', name: '基础教育科' });
  const school = await createUnit(api.db, { type: 'school', name: '第一实验小学' });
  const otherSchool = await createUnit(api.db, { type: 'school', name: '第二实验小学' });
  const person = async (role: Parameters<typeof signedIn>[1], unitId?: string): Promise<Person> => {
    const u = await signedIn(api, role, unitId);
    return { id: u.id, token: u.accessToken };
  };
  return {
    api,
    departmentId: department.id,
    schoolId: school.id,
    otherSchoolId: otherSchool.id,
    head: await person('department_head', department.id),
    member: await person('unit_member', school.id),
    otherMember: await person('unit_member', otherSchool.id),
    leader: await person('leader'),
    admin: await person('admin'),
    close,
  };
}

/** A task of the world's department with an assignment to the world's school. */
export async function newAssignment(
  w: World,
  spec: { requirements?: string[]; state?: Parameters<typeof createAssignment>[1]['state'] } = {},
): Promise<TaskFixture & { assignmentId: string }> {
  const task = await createTask(w.api.db, { ownerUnitId: w.departmentId, requirements: spec.requirements });
  const assignmentId = await createAssignment(w.api.db, { taskId: task.taskId, unitId: w.schoolId, state: spec.state });
  return { ...task, assignmentId };
}

export interface EvidenceBody {
  id: string;
  assignmentId: string;
  requirementId: string | null;
  requirementName: string | null;
  fileName: string;
  byteSize: number;
  sha256: string;
  mime: string;
  ext: string;
  reviewState: string;
  reviewReason: string | null;
  withdrawnAt: string | null;
}

export interface ListBody {
  items: EvidenceBody[];
  checklist: { requirementId: string; name: string; status: string; fileIds: string[] }[];
}

/** Uploads through fetch/FormData (fields first, as the endpoint requires). */
export function uploadEvidence(
  w: World,
  who: Person,
  assignmentId: string,
  bytes: Uint8Array,
  fileName: string,
  fields: Record<string, string> = {},
): Promise<JsonResponse<EvidenceBody & { error?: { code: string; message: string; details?: unknown } }>> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([bytes]), fileName);
  return request(`${w.api.url}/api/assignments/${assignmentId}/evidence`, withAuth(who.token, { method: 'POST', body: form }));
}

export function call<T = Record<string, unknown>>(w: World, who: Person, method: string, pathname: string, body?: unknown) {
  const init: RequestInit =
    body === undefined ? { method } : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  return request<T & { error?: { code: string; message: string; details?: unknown } }>(
    `${w.api.url}${pathname}`,
    withAuth(who.token, init),
  );
}
