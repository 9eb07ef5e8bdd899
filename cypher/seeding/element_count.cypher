// name: element_count
// question: How many plan elements (nodes labelled :Element) does the database hold? Zero
//   means the database is empty and the ITU seed may be loaded.
// params: none
MATCH (e:Element)
RETURN count(e) AS elements
