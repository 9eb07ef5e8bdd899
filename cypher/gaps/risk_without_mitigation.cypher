// id: risk_without_mitigation
// severity: warning
// title: Risk with no mitigation
// why: A risk management approach considers strategic and operational risks and their mitigation measures; a risk with none is accepted without saying so.
// fix: Link the output(s) or enabler(s) that mitigate the risk (Risk -MITIGATED_BY-> Output or Enabler).
// rule: Risk out MITIGATED_BY
// through_parts: false
// message: has no mitigation: no output or enabler mitigates it.
// params: none of its own: the engine runs gaps/structural/missing_link with the rule above,
//   the other end's types taken from the metamodel's allowed pairs for MITIGATED_BY.
