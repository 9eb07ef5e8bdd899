// id: term_defined_twice
// severity: warning
// title: Term defined in more than one place
// why: Two definitions of one planning term drift apart and leave readers to guess which applies; all definitions belong in one location (the glossary).
// fix: Keep one Term for the word, in the glossary, and delete or merge the others.
// params: separators (list of string) - characters removed when comparing.
// Terms are the same when their `defines` (or name) are equal ignoring case, spaces,
// punctuation and a plural ending.
MATCH (term:Element)
WHERE term.type = 'Term' AND coalesce(term.basis, 'stated') IN $admit
WITH term, reduce(s = toLower(coalesce(term.defines, term.name, '')), c IN $separators + [' '] | replace(s, c, '')) AS raw
WITH term, CASE WHEN raw ENDS WITH 'ies' THEN left(raw, size(raw) - 3) + 'y'
                WHEN raw ENDS WITH 's' AND NOT raw ENDS WITH 'ss' THEN left(raw, size(raw) - 1)
                ELSE raw END AS key
ORDER BY term.id
WITH key, collect(term) AS terms
WHERE key <> '' AND size(terms) > 1
RETURN [t IN terms | {id: t.id, code: t.code, name: t.name, type: t.type}] AS elements,
       null AS subject,
       'The term "' + coalesce(terms[0].defines, terms[0].name) + '" is defined in ' + toString(size(terms)) + ' places: ' +
         reduce(s = '', t IN terms | s + CASE WHEN s = '' THEN '' ELSE '; ' END +
                coalesce(t.source_document, 'no document') + coalesce(', ' + t.source_section, '')) + '.' AS message,
       {definitions: [t IN terms | {id: t.id, defines: t.defines, definition: t.definition,
                                    source_document: t.source_document, source_section: t.source_section}]} AS evidence
ORDER BY key
