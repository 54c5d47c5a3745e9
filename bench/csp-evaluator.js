// Prints, for each policy (one per line of the file given), the verdict categories Google's
// csp-evaluator (npm csp_evaluator) flags, as "index category". Run by bench/csp-evaluator.sh.
const fs = require('fs');
const {CspEvaluator} = require('csp_evaluator/dist/evaluator.js');
const {CspParser} = require('csp_evaluator/dist/parser.js');
const {Type, Severity} = require('csp_evaluator/dist/finding.js');
const policies = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter(l => l.length);
policies.forEach((text, i) => {
  const seen = new Set();
  for (const f of new CspEvaluator(new CspParser(text).csp).evaluate()) {
    const t = Type[f.type];
    if (t === 'SCRIPT_UNSAFE_INLINE') seen.add('unsafe_inline');
    else if (t === 'SCRIPT_UNSAFE_EVAL') seen.add('unsafe_eval');
    else if (t === 'PLAIN_WILDCARD' || t === 'PLAIN_URL_SCHEMES') seen.add('wildcard');
    // Only the hosts it knows to be bypasses (HIGH); 'self' is a MEDIUM_MAYBE warning.
    else if (t === 'SCRIPT_ALLOWLIST_BYPASS' && f.severity === Severity.HIGH) seen.add('bypass');
    else if (t === 'MISSING_DIRECTIVES') seen.add('missing:' + f.directive);
    else if (t === 'NONCE_LENGTH') seen.add('nonce_length');
    else if (t === 'SRC_HTTP') seen.add('http');
    else if (t === 'IP_SOURCE') seen.add('ip');
  }
  [...seen].sort().forEach(c => console.log(i + ' ' + c));
});
