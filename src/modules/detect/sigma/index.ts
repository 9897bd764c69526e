/** The Sigma language: reading documents into checked rule models. The engine compiles these. */
export { splitYamlDocuments, type YamlDocument } from './yaml-documents.js';
export { documentValue, parseSigmaDocument, type ParsedDocument } from './parse-document.js';
export type { Placeholders } from './pattern-chain.js';
export type { SigmaString, ValueToken } from './sigma-string.js';
export { parseSigmaString } from './sigma-string.js';
export { cidrContains, parseIp } from './cidr.js';
export type {
  Cidr,
  CompareOp,
  Condition,
  Detection,
  DetectionItem,
  MatchSpec,
  Position,
  RegexSpec,
  RuleLogsource,
  SearchExpr,
  SigmaFilter,
  SigmaRule,
  TimePart,
} from './rule-model.js';
export { regexLiterals } from './regex-literals.js';
export { scalarText } from './scalar-text.js';
