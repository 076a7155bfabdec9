/**
 * Made-up names for the demo school. Names are grouped by heritage so a pupil's forename and
 * surname usually go together, as they would in a real English comprehensive, and they include
 * the accents, apostrophes and hyphens that register readers must cope with.
 */
export interface NamePool {
  weight: number;
  forenames: readonly string[];
  surnames: readonly string[];
}

const words = (text: string): string[] => text.trim().split(/\s+/);

export const NAME_POOLS: readonly NamePool[] = [
  {
    // White British, Irish, Welsh and Scottish
    weight: 58,
    forenames: words(`
      Oliver George Harry Jack Noah Leo Arthur Oscar Charlie Freddie Alfie Theo Archie Henry Jacob
      Thomas Joshua William Isaac Finley Reuben Lewis Dylan Connor Callum Ethan Mason Harrison Owen
      Rhys Gethin Cai Euan Ruairí Niall Cian Kyle Jayden Tyler Logan Riley Ellis Toby Sam Max Louis
      Olivia Amelia Isla Ava Ivy Freya Lily Florence Mia Willow Rosie Sophia Isabella Grace Daisy
      Evie Poppy Ella Ruby Phoebe Maisie Holly Megan Bethany Chloe Jessica Georgia Courtney Shannon
      Ellie-Rose Lacey Niamh Ffion Cerys Siobhan Erin Imogen Harriet Matilda Scarlett Esme Lottie
    `),
    surnames: words(`
      Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans Walker
      White Roberts Green Hall Wood Jackson Clarke Harris Lewis Morgan Hughes Edwards Price Barker
      Armitage Ashworth Crossley Fairclough Radcliffe Greenwood Whitfield Lowe Appleby Carr Fisher
      Kelly Walsh O'Brien O'Sullivan Doherty McKenzie Gallagher Campbell MacLeod Fraser Reid Murray
      Pritchard Llewellyn Thornton Hargreaves Pemberton Sutcliffe Birch Holloway Kershaw Entwistle
      Ellison-Hart Marsh Fletcher Booth Dawson Pickering Atherton Shaw Naylor Whittaker Bradshaw
    `),
  },
  {
    // Pakistani, Indian, Bangladeshi and Sri Lankan heritage
    weight: 14,
    forenames: words(`
      Muhammad Ibrahim Yusuf Zayan Ayaan Arjun Rohan Aarav Ishaq Bilal Hamza Rayhan Kabir Dev Zain
      Imran Sanjay Harjeet Tariq Faris Aisha Ayesha Maryam Mariam Anaya Priya Simran Zara Fatima
      Safiya Inaya Aleena Nadia Sana Amira Rukhsana Jasleen Kiran Tanvi Nusrat Ishani Thushara
    `),
    surnames: words(`
      Khan Ahmed Hussain Ali Iqbal Shah Begum Rahman Chowdhury Uddin Patel Singh Kaur Sharma Gill
      Chauhan Pillai Qureshi Saeed Laghari Mahmood Akhtar Bhatti Sandhu Mistry Desai Nair Perera
    `),
  },
  {
    // Black African and Black Caribbean heritage
    weight: 9,
    forenames: words(`
      Tobias Kwame Kofi Chidi Tunde Ola Emeka Jermaine Marcus Malachi Nathaniel Elijah Kai Tariq
      Precious Chidinma Adaeze Amara Zainab Abena Efua Shanice Tiana Keisha Aaliyah Nia Imani Ifeoma
    `),
    surnames: words(`
      Adeyemi Okafor Nwosu Durowoju Osei Mensah Owusu Boateng Abara Okonkwo Eze Diallo Fofana
      Mohamed Johnson-Reid Campbell Francis Grant Bennett Clarke Thomas Okoro Asante Adebayo
    `),
  },
  {
    // Polish, Romanian, Lithuanian and other European heritage
    weight: 10,
    forenames: words(`
      Kacper Jakub Szymon Filip Mihai Andrei Luca Matteo Tomás Lukas Mateusz Dawid Ionuț Emre
      Oliwia Zuzanna Aleksandra Julia Natalia Inés Beatriz Chloé Ana Maria Ioana Gabija Sofía Elif
    `),
    surnames: words(`
      Wiśniewski Kowalczyk Jankowski Nowak Dąbrowski Lewandowski Vasile Popescu Ionescu Kazlauskas
      Romano Rossi Costa Ferreira Silva Ruiz Dubois Yilmaz Demir Novák Horvath Petrov Müller
    `),
  },
  {
    // Chinese, Vietnamese, Middle Eastern and Somali heritage
    weight: 9,
    forenames: words(`
      Wei Jun Hao Ming Minh Khalid Omar Yousef Abdi Mahad Hassan Karim Samir Ryan Daniel
      Mei Lin Xin Yi Linh Hana Samira Layla Hodan Ayan Yasmin Leila Noor Sara Amina
    `),
    surnames: words(`
      Chen Wang Li Zhang Liu Wong Nguyen Tran Pham Farouk Benali Haddad Hassan Abdullahi Warsame
      Farah Osman Nasser Karimi Rahimi Saleh Mansour Jaber Tahir
    `),
  },
];

export const TUTOR_TITLES = ['Mr', 'Ms', 'Mrs', 'Miss', 'Dr'] as const;
export const TUTOR_SURNAMES = words(`
  Harcourt Penhaligon Okafor-Lane Brightwell Osei-Bonsu Whitlock Ramsbottom Achebe Fairbairn
  Kowalski Thistlethwaite Mahmood Carrington Delacroix Haworth Ingleby Jedrzejczak Kirkpatrick
  Lindqvist Montgomery Nakamura Oyelaran Pettigrew Quarshie Rosenthal Sandhu Trelawney Underwood
  Vasquez Wetherall Yardley Zielinski Ashdown Beaumont Castellano Drummond Eastwood Featherstone
  Gideon Holroyd Iredale Jessop
`);
