// Fernhill's October 2026 production log for the sample-history stage `review`: what customers
// asked the returns assistant in the shop's chat and on the order-status page, and what it said,
// drawn by a seeded generator from the topics below. Most answers follow system-prompt.md; some
// are wrong in the ways the change log's story knows (a refund offered on day 45, mail returns
// called free after September's fee, a Trail Promise claim promised), and a few questions are
// ones the policy does not cover. No line falls in the 17 October outage (09:38–12:58 PT): the
// widget answered those chats with its fallback, not the model.
import type { FlagReason } from '../../src/core/review/verdicts';
import { mulberry32 } from '../../src/core/util/prng';

type Channel = 'chat' | 'order-status';

interface Answer {
  text: string;
  /** Why the reviewer flags it, and the note they write; absent for a good answer. */
  flag?: { reason: FlagReason; note: string };
}

interface Topic {
  channel: Channel;
  /** How often customers ask it, relative to the others. */
  weight: number;
  questions: string[];
  /** The first is the usual answer; the others are given now and then. */
  answers: Answer[];
  /** How often an answer other than the first is given (default one in six). */
  strays?: number;
}

const TOPICS: Topic[] = [
  {
    channel: 'chat', weight: 8,
    questions: ['I bought a rain jacket that arrived 12 days ago, never worn, tags on. Can I get my money back?', 'Can I return hiking boots I got last week? Tried them on indoors only.', 'Is it too late to return a sleeping bag from 3 weeks ago? Still in the bag.'],
    answers: [
      { text: 'Yes! Unused items with tags can be returned within 30 days of delivery for a refund to your original payment method. Return it free at our Bend or Eugene store, or by mail with a prepaid label from returns.fernhill-outfitters.example ($7.95 is deducted from mail refunds unless you are a Trail Club member).' },
      { text: 'Yes, within 30 days unused items get a full refund. Mail returns are free: print a label at returns.fernhill-outfitters.example.', flag: { reason: 'outdated', note: 'Mail returns cost $7.95 since 1 September; the answer still says free.' } },
    ],
  },
  {
    channel: 'chat', weight: 5,
    questions: ['My tent was delivered 45 days ago and it is still in the box. Can I return it?', 'Bought a stove 50 days ago, never used it. Refund?'],
    answers: [
      { text: 'Yes, but since it is between 31 and 60 days since delivery, unused items can be returned for store credit only: an e-gift card that never expires, emailed within 1 business day of the return arriving.' },
      { text: 'Yes, you can still get a refund to your original payment method as long as it is unused.', flag: { reason: 'wrong', note: 'Days 31–60 are store credit only; it offered a refund (the day-45 case the eval set also catches).' } },
    ],
  },
  {
    channel: 'chat', weight: 4,
    questions: ['Can I mail back an unopened can of bear spray?', 'I have two unopened fuel canisters I do not need. How do I return them?'],
    answers: [
      { text: 'Unopened bear spray and fuel canisters can be returned in store only (Bend or Eugene), within the normal window: they cannot go in the mail. Opened ones are final sale.' },
      { text: 'Sure, print a prepaid label at returns.fernhill-outfitters.example and drop the box at any carrier.', flag: { reason: 'unsafe', note: 'Bear spray and fuel cannot go in the mail; it sent the customer to the mail label.' } },
    ],
  },
  {
    channel: 'chat', weight: 5,
    questions: ['The zipper on my backpack broke after 4 months of normal use. What can you do?', 'The sole is peeling off my boots after two months. Is that covered?'],
    answers: [
      { text: 'That sounds like it could be a manufacturing defect, which our Trail Promise covers for 1 year, used or not. Send it to our gear team in Bend through the returns portal (mail is free for Trail Promise claims); they inspect it and decide on a repair, a replacement or store credit, usually within 7–10 business days.' },
      { text: 'Yes, that is covered by our Trail Promise. Send it in and we will replace it with a new one within a week.', flag: { reason: 'wrong', note: 'Promised a replacement and a timing; the gear team decides, 7–10 business days.' } },
    ],
  },
  {
    channel: 'chat', weight: 4,
    questions: ['My order arrived with a torn box and the trekking poles are bent.', 'You sent me the wrong size jacket.'],
    answers: [
      { text: "I'm sorry about that! Please send photos of the item and the box label within 7 days of delivery, here in chat or on the returns portal. We'll email a prepaid label and ship a replacement if it's in stock, or refund in full, including the original shipping." },
    ],
  },
  {
    channel: 'chat', weight: 4,
    questions: ['How long does a refund take to show up?', 'I returned my order last week, when do I get my money?'],
    answers: [
      { text: 'Refunds are processed within 3 business days after the return arrives at our warehouse; your bank then takes 5–10 business days to show it. Store credit is emailed within 1 business day.' },
      { text: 'Refunds are instant once you drop the parcel off.', flag: { reason: 'wrong', note: 'Invented an instant refund; it is 3 business days after arrival plus the bank.' } },
    ],
  },
  {
    channel: 'chat', weight: 3,
    questions: ['The price of my jacket dropped $40 the day after I bought it. Can you refund the difference?', 'Do you price match REI?'],
    answers: [
      { text: 'We do not offer price adjustments or price matching. Within the return window you can return the item and buy it again at the new price.' },
      { text: 'Absolutely, we will refund the difference right away!', flag: { reason: 'wrong', note: 'No price adjustments; it promised one.' } },
    ],
  },
  {
    channel: 'chat', weight: 2,
    questions: ['My camp stove caught fire and burned my hand.', 'The carabiner snapped and my friend fell. Who is responsible?'],
    answers: [
      { text: "I'm very sorry. Please stop using the item and keep it (do not mail it back). I've passed this to our customer care team, who will email you within one business day." },
      { text: 'I am sorry to hear that. You can return it for a refund within 30 days at returns.fernhill-outfitters.example.', flag: { reason: 'unsafe', note: 'Someone was hurt: it must hand off to customer care and say keep the item, not offer a mail return.' } },
    ],
  },
  {
    channel: 'chat', weight: 2,
    strays: 0.5,
    questions: ['Do you rent tents or kayaks for the weekend?', 'Can I trade in my old boots for credit?', 'Do you ship to Canada?'],
    answers: [
      { text: 'Good question! I can only help with returns, exchanges and orders here. For anything else, customer care can help: care@fernhill-outfitters.example or (541) 555-0134, Monday–Saturday 8 am–6 pm Pacific.' },
      { text: 'Yes, we do! Just ask in store.', flag: { reason: 'coverage-gap', note: 'The prompt says nothing on rentals, trade-ins or shipping abroad; it guessed yes. Needs a prompt line and an eval case.' } },
    ],
  },
  {
    channel: 'chat', weight: 2,
    questions: ['This is the third time I ask. Where is my refund???', 'Your returns process is a joke.'],
    answers: [
      { text: "I'm sorry for the wait. Could you share your order number (FH- followed by 7 digits) and the email or billing ZIP code, so I can find your order?" },
      { text: 'As stated before, refunds take time. Please be patient.', flag: { reason: 'tone', note: 'Curt with an upset customer; should apologize and look the order up.' } },
    ],
  },
  {
    channel: 'order-status', weight: 8,
    questions: ['Where is my return? Order FH-2046518, jamie.ross@example.com', 'Has my return arrived? FH-3817702, ZIP 97401', 'Status of order FH-5520913 please, email lee.park@example.com'],
    answers: [{ text: 'Thanks! One moment while I find your order.\nLOOKUP: {order} {contact}' }],
  },
  {
    channel: 'order-status', weight: 5,
    questions: ['I want to return something from my order.', 'Can you check my order?'],
    answers: [
      { text: 'Happy to help! Could you share your order number (it starts with FH- and is in your confirmation email) and the email address or billing ZIP code you used at checkout, so I can find your order?' },
      { text: 'Sure, please send your order number, full address and date of birth.', flag: { reason: 'unsafe', note: 'Asked for a full address and date of birth; only the order number and email or ZIP.' } },
    ],
  },
  {
    channel: 'order-status', weight: 3,
    questions: ['My order number is 20465 and my zip is 97701', 'Order 38177, email sam.ortiz@example.com'],
    answers: [
      { text: 'Thanks! Order numbers have 7 digits after FH- (for example FH-2046518). Could you check your confirmation email for the full number?' },
      { text: 'Thanks! One moment while I find your order.\nLOOKUP: FH-20465 97701', flag: { reason: 'wrong', note: 'Looked up a 5-digit order number (order-number-too-short fails the same way).' } },
    ],
  },
  {
    channel: 'order-status', weight: 2,
    questions: ['Exchange the boots in my order FH-6671204 for a size 10?', 'Can I swap the blue jacket for the green one?'],
    answers: [
      { text: 'Of course. Start the exchange on the returns portal; mail is free for exchanges. The new size ships once the carrier scans your return. We cannot hold stock, so if it sells out we refund instead.' },
      { text: 'Done! I have reserved a size 10 for you until your return arrives.', flag: { reason: 'wrong', note: 'We cannot hold stock; it said it reserved one.' } },
    ],
  },
];

const CONTACTS = ['jamie.ross@example.com', '97401', 'lee.park@example.com', '97701', 'ana.ruiz@example.com', '97402'];

export interface ProductionLine {
  /** The line as written to the log. */
  json: string;
  flag?: Answer['flag'];
}

/** The 17 October outage, in UTC: no answer in it. */
const OUTAGE = [Date.parse('2026-10-17T16:38:00Z'), Date.parse('2026-10-17T19:58:00Z')];

/** A month of answered queries, oldest first, the same for the same seed. */
export function productionLog(seed: number, firstDay: string, days: number): ProductionLine[] {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const total = TOPICS.reduce((n, t) => n + t.weight, 0);
  const lines: ProductionLine[] = [];
  for (let d = 0; d < days; d++) {
    const midnight = Date.parse(`${firstDay}T07:00:00Z`) + d * 86_400_000; // midnight Pacific (PDT)
    const weekend = new Date(midnight).getUTCDay() % 6 === 0;
    const count = 8 + Math.floor(random() * 6) + (weekend ? 3 : 0);
    const times = Array.from({ length: count }, () => midnight + (7 + random() * 14) * 3_600_000).sort((a, b) => a - b);
    for (const time of times) {
      if (time >= OUTAGE[0] && time <= OUTAGE[1]) continue;
      let r = random() * total;
      const topic = TOPICS.find((t) => (r -= t.weight) < 0) ?? TOPICS[0];
      // An answer now and then strays from the first, where the topic has another.
      const answer = topic.answers.length > 1 && random() < (topic.strays ?? 1 / 6) ? pick(topic.answers.slice(1)) : topic.answers[0];
      const question = pick(topic.questions);
      const order = /FH-\d{7}/.exec(question)?.[0] ?? `FH-${String(2_000_000 + Math.floor(random() * 7_000_000))}`;
      const contact = /\S+@\S+|\b97\d{3}\b/.exec(question)?.[0] ?? pick(CONTACTS);
      const latency = Math.round(900 + random() * 1600 + (random() < 0.05 ? 2400 : 0));
      const record = {
        answered_at: pacific(time),
        channel: topic.channel,
        conversation: `c-${String(40_000 + lines.length * 7).padStart(6, '0')}`,
        question,
        answer: answer.text.replace('{order}', order).replace('{contact}', contact),
        latency_ms: latency,
        model: 'fernhill-returns:v1',
      };
      lines.push({ json: JSON.stringify(record), ...(answer.flag ? { flag: answer.flag } : {}) });
    }
  }
  return lines;
}

/** ISO 8601 in Pacific daylight time, as the shop's log writes it. */
function pacific(time: number): string {
  return `${new Date(time - 7 * 3_600_000).toISOString().slice(0, 19)}-07:00`;
}
