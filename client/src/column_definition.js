// ColumnDefinition: one entry of the `fields` array query() resolves to, shaped like mysql2's
// (lib/packets/column_definition.js) for what ORMs and typeCast functions read. It is built only
// from what the gateway sends plus what MySQL's protocol fixes for a type (numbers and temporals
// always carry the binary character set, integers have 0 decimals); anything else the gateway
// does not say (flags, columnLength, orgName, a string column's character set) stays undefined
// rather than guessed.

import { impliedCharset, impliedDecimals } from './column_types.js';

// Character set ids -> Node encodings, for the ids the gateway may name.
const kEncodings = { 33: 'utf8', 45: 'utf8', 46: 'utf8', 63: 'binary', 224: 'utf8', 255: 'utf8' };

export class ColumnDefinition {
  /**
   * `field` is one entry of the gateway's `fields` ({name, columnType, table?, decimals?, ...});
   * `database` is the database the statement ran in (the gateway's `meta.database`).
   */
  constructor(field, database) {
    const columnType = field.columnType;
    // Statements read tables of the current database only (qualified names are refused), so a
    // column that names its table lives there. Expressions name none, and get no schema.
    const schema = field.schema ?? field.db ?? (field.table ? database : undefined);
    this.catalog = 'def'; // the only catalog MySQL has ever sent
    this.schema = schema;
    this.name = field.name;
    this.orgName = field.orgName;
    this.table = field.table;
    // The gateway's `table` is the catalog's table name, which is MySQL's orgTable; MySQL's
    // `table` would be the alias a query gave it, which the gateway does not send yet.
    this.orgTable = field.orgTable ?? field.table;
    this.characterSet = field.characterSet ?? impliedCharset(columnType);
    this.encoding = kEncodings[this.characterSet];
    this.columnLength = field.columnLength;
    this.columnType = columnType;
    this.type = columnType; // mysql2: `type` is the protocol number too
    this.flags = field.flags;
    this.decimals = field.decimals ?? impliedDecimals(columnType);
  }

  /** node-mysql's name for `schema`. */
  get db() {
    return this.schema;
  }
}
