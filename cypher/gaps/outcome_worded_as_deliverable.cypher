// id: outcome_worded_as_deliverable
// severity: info
// title: Outcome worded as a deliverable or an activity
// why: An outcome states a change the plan aims at; worded as something delivered or done ("Bridging the standardization gap", "Workshops on ..."), it blurs the distinction between Outputs and Outcomes that the TSAG liaison statement asks to be made ("a key question is whether the Outcome description, or part thereof, is an Outcome or Output").
// fix: Word the outcome as the change it brings (e.g. "Enhanced ability of ..."), and model what is delivered as an output.
// params: leading_words (list of string) - first words that mark an activity (bridging,
//   providing, developing ...); deliverable_words (list of string) - words that mark a
//   deliverable (report, workshop, database ...). Both are compared with the name's
//   normalised tokens (plurals and British spellings count); defaults and how to override
//   them: app/gaps/wording.py. Also $admit (the evidence filter).
MATCH (o:Element)
WHERE o.type = 'Outcome' AND size(coalesce(o.name_tokens, [])) > 0
  AND coalesce(o.basis, 'stated') IN $admit
WITH o, [w IN o.name_tokens WHERE w IN $deliverable_words] AS nouns,
     CASE WHEN o.name_tokens[0] IN $leading_words THEN [o.name_tokens[0]] ELSE [] END AS leading
WHERE nouns <> [] OR leading <> []
RETURN [{id: o.id, code: o.code, name: o.name, type: o.type}] AS elements,
       null AS subject,
       'Outcome "' + o.name + '" is worded as ' +
         CASE WHEN leading <> [] THEN 'an activity ("' + leading[0] + '")' ELSE 'a deliverable ("' + nouns[0] + '")' END +
         ': is it an outcome or an output?' AS message,
       {leading_words: leading, deliverable_words: nouns} AS evidence
ORDER BY o.id
