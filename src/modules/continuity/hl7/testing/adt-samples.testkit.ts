/**
 * Hand-written ADT messages for tests, shaped like what a hospital's interface engine sends: fictional
 * patients, a Belgian hospital's units, timestamps with and without offsets.
 */
export function hl7(...segments: string[]): string {
  return segments.join('\r') + '\r';
}

export const ADMIT_A01 = hl7(
  'MSH|^~\\&|HIS|ZNA-MIDDELHEIM|LIFELINE|CONTINUITY|20261126081502+0100||ADT^A01^ADT_A01|MSG00001|P|2.5.1|||AL|NE||UNICODE UTF-8',
  'EVN|A01|20261126081500+0100|||NURSE42^Claes^Ann|20261126081000+0100',
  'PID|1||9100123^^^ZNA^NI~M0045871^^^ZNA^MR||Peeters^Jan^Karel^^^^L~Pieters^Jan^^^^^M||19520317|M|||Kerkstraat 12^^Antwerpen^^2000^BE||+3232123456',
  'PV1|1|I|CARDIO^204^B^ZNA-MIDDELHEIM||||DOC123^Wouters^Els^^^Dr|||CAR||||1|||DOC123^Wouters^Els|IP|V20261126-7|||||||||||||||||||||||||20261126081000+0100',
);

export const TRANSFER_A02 = hl7(
  'MSH|^~\\&|HIS|ZNA-MIDDELHEIM|LIFELINE|CONTINUITY|20261126140211+0100||ADT^A02^ADT_A02|MSG00002|P|2.5.1',
  'EVN|A02|20261126140200+0100',
  'PID|1||M0045871^^^ZNA^MR||Peeters^Jan||19520317|M',
  'PV1|1|I|ICU^3^1|||CARDIO^204^B|DOC123^Wouters^Els||||||||||||V20261126-7',
);

export const DISCHARGE_A03 = hl7(
  'MSH|^~\\&|HIS|ZNA-MIDDELHEIM|LIFELINE|CONTINUITY|20261128101500||ADT^A03^ADT_A03|MSG00003|P|2.5.1',
  'EVN|A03|20261128101500',
  'PID|1||M0045871^^^ZNA^MR||Peeters^Jan||19520317|M',
  'PV1|1|I|ICU^3^1||||||||||||||||V20261126-7',
);

export const REGISTER_A04 = hl7(
  'MSH|^~\\&|HIS|ZNA-MIDDELHEIM|LIFELINE|CONTINUITY|202611261930||ADT^A04^ADT_A01|MSG00004|P|2.5.1',
  'EVN|A04|202611261930',
  'PID|1||M0099120^^^ZNA^MR||Janssens^Marie-Louise||19880704|F',
  'PV1|1|E|SEH^BOX2^^ZNA-MIDDELHEIM||||||||||||||||V20261126-88',
);

export const UPDATE_A08 = hl7(
  'MSH|^~\\&|HIS|ZNA-MIDDELHEIM|LIFELINE|CONTINUITY|20261126160000+0100||ADT^A08^ADT_A01|MSG00005|P|2.5.1',
  'EVN|A08|20261126160000+0100',
  'PID|1||M0045871^^^ZNA^MR||Peeters^Jan Karel||19520317|M',
  'PV1|1|I|ICU^3^1||||||||||||||||V20261126-7',
);

export const CANCEL_ADMIT_A11 = hl7(
  'MSH|^~\\&|HIS|ZNA-MIDDELHEIM|LIFELINE|CONTINUITY|20261126083000+0100||ADT^A11^ADT_A09|MSG00006|P|2.5.1',
  'EVN|A11|20261126083000+0100',
  'PID|1||M0045871^^^ZNA^MR||Peeters^Jan||19520317|M',
  'PV1|1|I|CARDIO^204^B||||||||||||||||V20261126-7',
);

export const CANCEL_TRANSFER_A12 = hl7(
  'MSH|^~\\&|HIS|ZNA-MIDDELHEIM|LIFELINE|CONTINUITY|20261126141500+0100||ADT^A12^ADT_A12|MSG00007|P|2.5.1',
  'EVN|A12|20261126141500+0100',
  'PID|1||M0045871^^^ZNA^MR||Peeters^Jan||19520317|M',
  'PV1|1|I|CARDIO^204^B|||ICU^3^1|||||||||||||V20261126-7',
);

export const CANCEL_DISCHARGE_A13 = hl7(
  'MSH|^~\\&|HIS|ZNA-MIDDELHEIM|LIFELINE|CONTINUITY|20261128103000||ADT^A13^ADT_A01|MSG00008|P|2.5.1',
  'EVN|A13|20261128103000',
  'PID|1||M0045871^^^ZNA^MR||Peeters^Jan||19520317|M',
  'PV1|1|I|||||||||||||||||V20261126-7',
);

/** Latin-1 declared in MSH-18, with a name that needs it. */
export const LATIN1_A01 = hl7(
  'MSH|^~\\&|HIS|CHU-LIEGE|LIFELINE|CONTINUITY|20261126090000+0100||ADT^A01^ADT_A01|MSG-L1|P|2.5.1|||||BEL|8859/1',
  'EVN|A01|20261126090000+0100',
  'PID|1||L778899^^^CHU^MR||Lefèvre^Amélie||19700102|F',
  'PV1|1|I|GÉRIATRIE^12^A',
);

/** Any message with the given control id, for transport tests. */
export function adtWithControlId(controlId: string, trigger = 'A08'): string {
  return hl7(
    `MSH|^~\\&|HIS|ZNA|LIFELINE|CONT|20261126120000||ADT^${trigger}^ADT_A01|${controlId}|P|2.5.1`,
    `EVN|${trigger}|20261126120000`,
    'PID|1||M0000001^^^ZNA^MR||Test^Patient||19800101|U',
    'PV1|1|I|WARD1^1^A',
  );
}
