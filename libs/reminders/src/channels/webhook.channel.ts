import { createHmac } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DeliveryError } from './delivery-error';
import type { RenderedMessage } from './rendered-message';

export interface RobotTarget {
  kind: 'dingtalk' | 'wecom';
  url: string;
  secret: string | null;
}

/** DingTalk's signature: base64(HMAC-SHA256(secret, `${timestamp}\n${secret}`)), URL-encoded. */
export function dingtalkSign(secret: string, timestamp: number): string {
  return encodeURIComponent(createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64'));
}

/** The robot's JSON body (markdown in both formats). */
export function robotBody(kind: RobotTarget['kind'], msg: RenderedMessage): unknown {
  const text = `### ${msg.subject}\n\n${msg.body.replace(/\n/g, '\n\n')}${msg.link ? `\n\n[查看任务](${msg.link})` : ''}`;
  return kind === 'dingtalk'
    ? { msgtype: 'markdown', markdown: { title: msg.subject, text } }
    : { msgtype: 'markdown', markdown: { content: text } };
}

/** Robots' rate-limit answers (DingTalk 130101, WeCom 45009): retry later. */
const RATE_LIMITED = new Set([130101, 45009]);

/** DingTalk and WeCom group robots: one POST per message, signed when the robot has a secret. */
@Injectable()
export class WebhookChannel {
  async send(target: RobotTarget, msg: RenderedMessage, now: number = Date.now()): Promise<void> {
    let url = target.url;
    if (target.kind === 'dingtalk' && target.secret) {
      url += `${url.includes('?') ? '&' : '?'}timestamp=${now}&sign=${dingtalkSign(target.secret, now)}`;
    }
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(robotBody(target.kind, msg)),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (e) {
      throw new DeliveryError(false, `网络错误: ${(e as Error).message}`);
    }
    const text = (await res.text().catch(() => '')).slice(0, 300);
    if (res.status >= 500 || res.status === 429) throw new DeliveryError(false, `HTTP ${res.status}: ${text}`);
    if (res.status >= 400) throw new DeliveryError(true, `HTTP ${res.status}: ${text}`);
    let errcode = 0;
    try {
      errcode = Number((JSON.parse(text) as { errcode?: number }).errcode ?? 0);
    } catch {
      errcode = 0; // a receiver that answers 200 without JSON accepted the message
    }
    if (errcode !== 0) throw new DeliveryError(!RATE_LIMITED.has(errcode), `机器人返回 errcode ${errcode}: ${text}`);
  }
}
