import type { Session } from './session';

/** An RFC 9457 problem the API answered (field errors under errors). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly errors: Record<string, string[]>,
  ) {
    super(detail ? `${title} ${detail}` : title);
  }
}

let onUnauthorized: () => void = () => {};
export const whenUnauthorized = (handler: () => void) => (onUnauthorized = handler);

export async function call<T>(session: Session | null, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: {
      Accept: 'application/json',
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(session ? { Authorization: `Bearer ${session.token}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) {
    if (response.status === 401 && session) onUnauthorized();
    throw new ApiError(response.status, json?.title ?? response.statusText, json?.detail, json?.errors ?? {});
  }
  return json as T;
}

export const get = <T>(session: Session | null, path: string) => call<T>(session, 'GET', path);
export const post = <T>(session: Session | null, path: string, body?: unknown, headers?: Record<string, string>) =>
  call<T>(session, 'POST', path, body ?? {}, headers);

// The shapes the console reads (only what it shows; a role may get fewer fields).
export interface Customer { accountNo?: string; name?: string; phone?: string; tier?: string; importance?: number }
export interface Deadline { name: string; dueAt: string; metAt?: string | null; breached?: boolean; onTime?: boolean | null; round?: number }
export interface TimelineEntry { type: string; at: string; service?: string; sequence?: number; detail?: string | null; round?: number }
export interface Order {
  orderId: string; number: string; kind: string; subtype: string; channel?: string; status: string; priority?: number; area?: string;
  customer?: Customer; address?: string | null; description?: string; appointmentAt?: string | null; receivedAt: string;
  traceId?: string; supervised?: boolean; answer?: string | null; deadlines?: Deadline[];
  callback?: { required: boolean; status: string }; timeline?: TimelineEntry[];
}
export interface OrderSummary { orderId: string; number: string; kind: string; subtype: string; status: string; priority: number; area: string; tier: string; receivedAt: string; supervised: boolean }
export interface Page<T> { items: T[]; page: number; pageSize: number; total: number }
export interface WorkOrder {
  orderId: string; number: string; subtype: string; area: string; priority: number; tier?: string; importance?: number; status: string;
  round: number; crew?: string | null; supervision: boolean; overdue: boolean; receivedAt: string; address?: string | null;
  description?: string; deadlines: Deadline[]; timeline?: TimelineEntry[];
}
export interface CallbackTask { callbackId: string; orderId: string; kind: string; subtype: string; tier: string; dueAt: string; attempts: number; nextAttemptAt?: string }
export interface ComplaintCase {
  orderId: string; number: string; kind: string; subtype: string; status: string; round: number; customer?: Customer;
  description?: string; receivedAt: string; nextDueAt?: string | null; repeat: boolean; matterCount: number; supervised: boolean;
  deadlines: Deadline[];
}
export interface Rate { due?: number; decided?: number; onTime: number; metLate?: number; late?: number; breached: number; pending?: number; onTimeRate: number | null }
export interface SlaReport { from: string; to: string; areas: { area: string; arrival: Rate; restoration: Rate }[] }
export interface ComplaintStats { complaints: number; reports: number; replied: number; contact: Rate; reply: Rate; repeats: number; escalations: number }
export interface ComplianceLine { kind: string; subtype: string; completed: number; callbacksRequired: number; callbacksCreated: number; callbacksDone: number; unreachable: number; sampledShare: number | null; satisfactionRate: number | null }
