/** Hand-written texts of each kind for the summarizer's tests (invented; no data set copied). */

export const NEWS_ARTICLE = `Riverton council has approved a £240m tram line linking the city centre with the airport, ending a decade of argument over how to ease traffic on the western ring road.

The 14km line will have 11 stops and is expected to carry 9 million passengers a year when it opens in 2029. Councillors voted 38 to 12 in favour of the tram line after a debate that lasted more than five hours. Supporters said the tram line would cut journey times to the airport by half and take 4,000 cars a day off the ring road.

"This is the biggest investment in public transport the city has seen for a generation," said council leader Maria Okafor. "The tram will connect people to jobs, and it will connect the airport to the city centre in 18 minutes."

Opponents argued that the cost of the tram line had risen by 60% since it was first proposed in 2019, and that the council had not explained how it would cover any further overruns. Local business groups were split: the chamber of commerce backed the tram line, while shop owners on Mill Street said two years of construction would drive customers away.

The council said construction would begin next spring and that the government had agreed to pay 70% of the cost of the tram line. The remaining £72m will come from a levy on airport parking and from the sale of council land near the new stops. An independent review of the tram line's budget will be published every six months.

Transport campaigners welcomed the vote but called on the council to add a stop at the university. The council said a university stop could be added later if passenger numbers justified it.`;

export const DIALOGUE = `Alice: Morning everyone, shall we start with the release?
Bob: Sure. The build is green but the migration is still slow on staging.
Alice: How slow are we talking?
Bob: About twenty minutes for the big table.
Carol: I can add an index before the backfill, that should help.
Alice: Great, can you have it done by Thursday?
Carol: Yes, Thursday works.
Bob: Then I'll hold the release until Friday.
Alice: Fine. Next item is the on-call rota.
Dave: I can't do next week, I'm travelling.
Alice: Carol, can you swap with Dave?
Carol: OK, I'll take next week and Dave takes the week after.`;

export const LIST = `Shopping for the weekend:
- two loaves of sourdough bread
- a dozen free-range eggs
- 500g of unsalted butter
- six ripe tomatoes and a cucumber
- a bag of basmati rice
- olive oil, the good one
- washing-up liquid
- batteries for the smoke alarm
- birthday card for Sam`;

export const CODE = `import { readFile } from "node:fs/promises";

export async function loadConfig(path: string): Promise<Config> {
  const text = await readFile(path, "utf8");
  const parsed = JSON.parse(text) as Partial<Config>;
  if (!parsed.name) {
    throw new Error("config has no name");
  }
  return { retries: 3, timeoutMs: 1000, ...parsed } as Config;
}

for (let i = 0; i < items.length; i++) {
  total += items[i].price * items[i].quantity;
}`;

export const SHORT_TEXT = "The meeting has moved to 3pm tomorrow.";

export const FRENCH_ARTICLE = `Le conseil municipal de Rivière a approuvé mardi la construction d'une ligne de tramway qui reliera le centre-ville à l'aéroport. Le projet, estimé à 240 millions d'euros, doit entrer en service en 2029.

La ligne comptera onze stations et devrait transporter neuf millions de voyageurs par an. Les partisans du projet affirment que le tramway réduira de moitié le temps de trajet vers l'aéroport et qu'il retirera chaque jour quatre mille voitures de la rocade.

« C'est le plus grand investissement dans les transports publics depuis une génération », a déclaré la maire. Les opposants estiment pour leur part que le coût du projet a augmenté de soixante pour cent depuis 2019 et que la ville n'a pas expliqué comment elle financerait les dépassements.

Les travaux commenceront au printemps prochain. L'État prendra en charge soixante-dix pour cent du coût, le reste étant financé par une taxe sur le stationnement de l'aéroport et par la vente de terrains municipaux.`;
