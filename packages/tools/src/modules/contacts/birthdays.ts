import { daysBetween } from '../../shared/dates';

export interface NextBirthday {
  /** The next day the birthday is celebrated, today included. */
  date: string;
  daysUntil: number;
  /** Age reached on that day. */
  turns: number;
}

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** The birthday's day in `year`; 29 February is celebrated on 28 February in common years. */
function celebrationIn(year: number, monthDay: string): string {
  const day = monthDay === '02-29' && !isLeapYear(year) ? '02-28' : monthDay;
  return `${String(year).padStart(4, '0')}-${day}`;
}

/** When `birthday` (`YYYY-MM-DD`) next comes round on or after `today`, across the year end. */
export function nextBirthday(birthday: string, today: string): NextBirthday {
  const birthYear = Number(birthday.slice(0, 4));
  const monthDay = birthday.slice(5);
  let year = Number(today.slice(0, 4));
  let date = celebrationIn(year, monthDay);
  if (date < today) {
    year += 1;
    date = celebrationIn(year, monthDay);
  }
  return { date, daysUntil: daysBetween(today, date), turns: year - birthYear };
}
