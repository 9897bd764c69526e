/**
 * The ransom note the simulator drops in every directory it enters. The wording follows common notes
 * (so a note detector has something real to find) and says plainly, first and last, that it is a test.
 */
export const NOTE_NAME = 'HOW_TO_RESTORE_FILES.txt';

export const NOTE_TEXT = `=== LIFELINE RANSOMWARE SIMULATION - THIS IS A TEST, NOT AN ATTACK ===
This note was written by the Lifeline ransomware simulator, a test tool, in a directory that was
created for it. The files here are fictional. Nothing has been stolen and nobody will contact you.

>>> What happened?
All your files have been encrypted! Your documents, photos, databases and other important files
are no longer accessible because they have been encrypted with a strong algorithm.

>>> How to recover your files?
To decrypt your files you need the private key. Do not rename or modify the encrypted files.
Do not try to decrypt your data using third party software, you may cause permanent data loss.
Payment in Bitcoin within 72 hours is required, otherwise your data will be published.

=== SIMULATION: there is no payment, no address and no key to buy. Restore every file with
    lifeline sentinel simulate --restore <this target directory> ===
`;
