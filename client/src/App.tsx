export function App() {
  return <main>Fragments Chat</main>;
}
