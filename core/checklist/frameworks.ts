/**
 * Framework identifiers a checklist control can map to.
 *
 * The shipped checklist only uses identifiers the research reference marks as high confidence
 * (see CONFIDENT_IDS and test/unit/checklist/default-checklist.test.ts). User checklists may map to
 * any identifier whose *shape* is valid for its framework, so a team can add its own mappings.
 */
export const FRAMEWORKS = ['NIST-800-53', 'SOC2', 'NIST-AI-RMF', 'ISO-42001', 'EU-AI-ACT', 'OWASP-LLM', 'OWASP-AGENTIC'] as const;
export type Framework = (typeof FRAMEWORKS)[number];

export const FRAMEWORK_LABELS: Record<Framework, string> = {
  'NIST-800-53': 'NIST SP 800-53 rev. 5',
  SOC2: 'SOC 2 (2017 TSC, rev. 2022)',
  'NIST-AI-RMF': 'NIST AI RMF 1.0',
  'ISO-42001': 'ISO/IEC 42001:2023 Annex A',
  'EU-AI-ACT': 'EU AI Act',
  'OWASP-LLM': 'OWASP Top 10 for LLM Applications 2025',
  'OWASP-AGENTIC': 'OWASP Top 10 for Agentic Applications',
};

/** The accepted shape of an identifier, per framework. */
export const FRAMEWORK_ID_PATTERNS: Record<Framework, { pattern: RegExp; example: string }> = {
  'NIST-800-53': { pattern: /^[A-Z]{2}-\d{1,2}(\(\d{1,2}\))?$/, example: 'AC-6(1)' },
  SOC2: { pattern: /^(CC\d\.\d{1,2}|A1\.\d|PI1\.\d|C1\.\d|P\d\.\d)$/, example: 'CC6.1' },
  'NIST-AI-RMF': { pattern: /^(GOVERN|MAP|MEASURE|MANAGE) \d\.\d{1,2}$/, example: 'GOVERN 1.6' },
  'ISO-42001': { pattern: /^A\.\d{1,2}(\.\d{1,2}){1,2}$/, example: 'A.6.2.8' },
  'EU-AI-ACT': { pattern: /^Art\. \d{1,3}(\(\d{1,2}\))?$/, example: 'Art. 14(4)' },
  'OWASP-LLM': { pattern: /^LLM(0[1-9]|10):2025$/, example: 'LLM06:2025' },
  'OWASP-AGENTIC': { pattern: /^ASI(0[1-9]|10)$/, example: 'ASI02' },
};

/**
 * Identifiers the research reference (shared/reference/domain.md, section 3) marks as verified.
 * NIST AI RMF and ISO/IEC 42001 are verified as whole catalogues, so any well-formed id counts.
 * OWASP Agentic (ASI) items: domain.md rated their titles medium confidence while only the draft
 * was readable; shared/reference/discovery-and-2026.md records the published list (2025-12-09,
 * ASI01 Agent Goal Hijack ... ASI10 Rogue Agents), so the ten published items below count.
 */
const NIST = [
  'AC-2',
  'AC-2(2)',
  'AC-2(3)',
  'AC-3(2)',
  'AC-5',
  'AC-6',
  'AC-6(1)',
  'AC-6(5)',
  'AC-6(7)',
  'AC-6(9)',
  'AC-6(10)',
  'AU-2',
  'AU-3',
  'AU-6',
  'AU-6(1)',
  'AU-9',
  'AU-11',
  'AU-12',
  'CM-2(6)',
  'CM-3',
  'CM-3(1)',
  'CM-3(2)',
  'CM-4(1)',
  'CM-5',
  'CM-5(4)',
  'CM-7',
  'CM-8',
  'CP-2',
  'CP-4',
  'CP-9',
  'CP-9(1)',
  'CP-10',
  'IA-2',
  'IA-9',
  'IR-2',
  'IR-3',
  'IR-4',
  'IR-6',
  'IR-8',
  'PM-5',
  'SI-4',
  'SR-3',
];
const SOC2 = ['CC1.3', 'CC6.1', 'CC6.2', 'CC6.3', 'CC7.2', 'CC7.3', 'CC7.4', 'CC7.5', 'CC8.1', 'A1.2', 'A1.3'];
const EU = [
  'Art. 12(1)',
  'Art. 12(2)',
  'Art. 12(3)',
  'Art. 14(1)',
  'Art. 14(2)',
  'Art. 14(3)',
  'Art. 14(4)',
  'Art. 14(5)',
  'Art. 26(1)',
  'Art. 26(2)',
  'Art. 26(5)',
  'Art. 26(6)',
  'Art. 73(1)',
];

/** The OWASP Top 10 for Agentic Applications (2026 edition, published 2025-12-09): id -> title. */
export const OWASP_AGENTIC_ITEMS: Readonly<Record<string, string>> = {
  ASI01: 'Agent Goal Hijack',
  ASI02: 'Tool Misuse and Exploitation',
  ASI03: 'Identity and Privilege Abuse',
  ASI04: 'Agentic Supply Chain Vulnerabilities',
  ASI05: 'Unexpected Code Execution',
  ASI06: 'Memory and Context Poisoning',
  ASI07: 'Insecure Inter-Agent Communication',
  ASI08: 'Cascading Failures',
  ASI09: 'Human-Agent Trust Exploitation',
  ASI10: 'Rogue Agents',
};

/** A framework item's own title where the app knows it (today: the ASI items), else null. */
export const frameworkItemTitle = (framework: string, id: string): string | null =>
  framework === 'OWASP-AGENTIC' ? (OWASP_AGENTIC_ITEMS[id] ?? null) : null;

/** True when `id` is an identifier the reference marks as high confidence for `framework`. */
export const isConfidentId = (framework: Framework, id: string): boolean => {
  switch (framework) {
    case 'NIST-800-53':
      return NIST.includes(id);
    case 'SOC2':
      return SOC2.includes(id);
    case 'EU-AI-ACT':
      return EU.includes(id);
    case 'OWASP-LLM':
      return id === 'LLM06:2025';
    case 'NIST-AI-RMF':
    case 'ISO-42001':
      return FRAMEWORK_ID_PATTERNS[framework].pattern.test(id);
    case 'OWASP-AGENTIC':
      return Object.hasOwn(OWASP_AGENTIC_ITEMS, id);
  }
};
