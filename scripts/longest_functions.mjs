// The longest functions of the web pages' scripts (backend/web/static/**/*.js), by lines
// from `function`/arrow to its closing brace, nested functions counted on their own too.
// A plain script's top-level IIFE (its scope) is not counted. Parsed with acorn (ESLint's parser, in frontend/node_modules), not by matching braces.
//
//   node scripts/longest_functions.mjs [--top N] [folder ...]   (default: top 5 of backend/web/static)
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";

const ROOT = new URL("..", import.meta.url).pathname;
const require = createRequire(join(ROOT, "frontend", "package.json"));
const acorn = require("acorn");

function files(folder) {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return files(path);
    return name.endsWith(".js") ? [path] : [];
  });
}

function parse(source) {
  const options = { ecmaVersion: "latest", locations: true };
  try {
    return acorn.parse(source, { ...options, sourceType: "module" });
  } catch {
    return acorn.parse(source, { ...options, sourceType: "script" });
  }
}

function nameOf(node, parent) {
  if (node.id) return node.id.name;
  if (!parent) return "(anonymous)";
  if (parent.type === "VariableDeclarator" && parent.id.type === "Identifier") return parent.id.name;
  if ((parent.type === "Property" || parent.type === "MethodDefinition") && parent.key) {
    return parent.key.name || parent.key.value || "(anonymous)";
  }
  if (parent.type === "AssignmentExpression") return sourceOf(parent.left);
  return "(anonymous)";
}

function sourceOf(node) {
  if (node.type === "Identifier") return node.name;
  if (node.type === "MemberExpression") return `${sourceOf(node.object)}.${node.property.name || "?"}`;
  return "?";
}

const FUNCTIONS = new Set(["FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression"]);

// `(function () { ... })();` at the top of a plain script is the script's scope, not a
// function anyone reads as one: not counted (an ES module has no such wrapper)
function markWrappers(program) {
  for (const statement of program.body) {
    const call = statement.type === "ExpressionStatement" ? statement.expression : null;
    if (call && call.type === "CallExpression" && FUNCTIONS.has(call.callee.type)) call.callee.wrapper = true;
  }
}

function walk(node, parent, found) {
  if (!node || typeof node.type !== "string") return;
  if (node.type === "Program") markWrappers(node);
  if (FUNCTIONS.has(node.type) && !node.wrapper) {
    found.push({ name: nameOf(node, parent), line: node.loc.start.line, lines: node.loc.end.line - node.loc.start.line + 1 });
  }
  for (const key of Object.keys(node)) {
    const value = node[key];
    if (Array.isArray(value)) value.forEach((child) => walk(child, node, found));
    else if (value && typeof value.type === "string") walk(value, node, found);
  }
}

export function longestFunctions(folders) {
  const all = [];
  for (const folder of folders) {
    for (const path of files(folder)) {
      const found = [];
      walk(parse(readFileSync(path, "utf-8")), null, found);
      all.push(...found.map((f) => ({ ...f, file: relative(ROOT, path) })));
    }
  }
  return all.sort((a, b) => b.lines - a.lines);
}

const args = process.argv.slice(2);
const topAt = args.indexOf("--top");
const top = topAt >= 0 ? Number(args.splice(topAt, 2)[1]) : 5;
const folders = args.length ? args : [join(ROOT, "backend", "web", "static")];
for (const f of longestFunctions(folders).slice(0, top)) {
  console.log(`${String(f.lines).padStart(4)}  ${f.file}:${f.line}  ${f.name}`);
}
