/** Console paths of the detection pages, built in one place so links and routes agree. */
export const alertPath = (id: string) => `/detect/alerts/${encodeURIComponent(id)}`;
export const rulePath = (id: string) => `/detect/rules/${encodeURIComponent(id)}`;
export const ruleAlertsPath = (ruleId: string) =>
  `/detect?${new URLSearchParams({ rule: ruleId, range: 'all' }).toString()}`;
