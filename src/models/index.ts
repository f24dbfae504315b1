/** Ready builders for the notes' architectures. */
export { notesCnn, notesTrunk, notesHead, type NotesCnnOptions } from './notes-cnn.js';
