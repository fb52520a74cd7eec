// Judge custinteract's published JSON Schemas the way a JavaScript team would:
// with Ajv (draft 2020-12) and ajv-formats, in its default and strict modes.
//
// Reads one JSON object on standard input:
//   {"schemas": {"Name": schema, ...}, "documents": [{"class": "Name", "document": ...}, ...]}
// and writes one JSON object on standard output:
//   {"compile": {"Name": {"default": null | "error", "strict": null | "error"}},
//    "valid": [true | false | null, ...]}   // null: the class's schema did not compile
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString("utf8"));

function makeAjv(options) {
  const ajv = new Ajv2020(options);
  addFormats(ajv);
  return ajv;
}

const compileReport = {};
const validators = {};
for (const [name, schema] of Object.entries(input.schemas)) {
  compileReport[name] = {};
  for (const [mode, options] of [["default", {}], ["strict", { strict: true, allErrors: false }]]) {
    try {
      const validate = makeAjv(options).compile(schema);
      compileReport[name][mode] = null;
      if (mode === "strict") validators[name] = validate;
    } catch (error) {
      compileReport[name][mode] = String(error && error.message ? error.message : error);
    }
  }
}

const valid = input.documents.map(({ class: name, document }) => {
  const validate = validators[name];
  return validate ? Boolean(validate(document)) : null;
});

process.stdout.write(JSON.stringify({ compile: compileReport, valid }));
