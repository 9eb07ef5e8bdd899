// name: await_indexes
// question: Wait until every index is online (after a bulk load the schema's indexes are
//   filled in the background).
// params: seconds (integer) - the longest wait before the procedure gives up with an error
CALL db.awaitIndexes($seconds)
