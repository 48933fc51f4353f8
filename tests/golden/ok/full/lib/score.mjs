export function score(input) { return { score: input.text.length }; }
