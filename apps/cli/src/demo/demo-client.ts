/** A tiny HTTP client for the demo: JSON calls with a bearer token, errors as readable lines. */
export class DemoClient {
  constructor(
    readonly base: string,
    private token: string | null = null,
  ) {}

  static async signIn(base: string, username: string, password: string): Promise<DemoClient> {
    const client = new DemoClient(base);
    const res = await client.call<{ accessToken: string }>('POST', '/api/auth/login', { username, password });
    client.token = res.accessToken;
    return client;
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let payload: RequestInit['body'];
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await fetch(`${this.base}${path}`, { method, headers, body: payload });
    const text = await res.text();
    const parsed = text ? (JSON.parse(text) as T & { error?: { code: string; message: string } }) : (null as T);
    if (!res.ok) {
      const error = (parsed as { error?: { code: string; message: string } } | null)?.error;
      throw new Error(`${method} ${path} → ${res.status} ${error?.code ?? ''}: ${error?.message ?? text}`);
    }
    return parsed;
  }

  async download(path: string): Promise<Buffer> {
    const res = await fetch(`${this.base}${path}`, { headers: this.token ? { authorization: `Bearer ${this.token}` } : {} });
    if (!res.ok) throw new Error(`GET ${path} → ${res.status}`);
    return Buffer.from(await res.arrayBuffer());
  }

  upload<T>(path: string, bytes: Uint8Array, fileName: string, fields: Record<string, string> = {}): Promise<T> {
    const form = new FormData();
    // fields first: the server streams the file and reads what came before it
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('file', new Blob([bytes]), fileName);
    return this.call<T>('POST', path, form);
  }
}
